//! `nqtrack bake-map`: rebuilds the province map asset from the boundaries GeoJSON.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use nqtrack_office::map::{BakeOptions, bake};

use crate::cli::BakeMapArgs;

pub fn run(args: &BakeMapArgs) -> Result<ExitCode> {
    let geojson = std::fs::read_to_string(&args.geojson)
        .with_context(|| format!("cannot read the boundaries {}", args.geojson.display()))?;
    let baked = bake(&geojson, BakeOptions::default())
        .with_context(|| format!("cannot bake the boundaries {}", args.geojson.display()))?;
    let tsv = baked.to_tsv();
    // Written beside the target and renamed over it, so an interrupted run never leaves a truncated
    // asset for the next build to compile in.
    let partial = args.out.with_extension("tsv.partial");
    std::fs::write(&partial, &tsv).with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, &args.out).with_context(|| format!("cannot replace {}", args.out.display()))?;
    println!(
        "{} provinces, {} vertices reduced to {}, {} bytes written to {}",
        baked.provinces.len(),
        baked.vertices_before,
        baked.vertices_after,
        tsv.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
