//! `nqtrack demo`: a database full of real units and demo accounts, ready to click through.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use nqtrack_app::demo::{DEMO_PASSWORD, Scale};

use super::serve::{Background, parse_address, serve};
use super::{Context, app_failure, configured_app, connect, migrate, operator, print_table};
use crate::cli::{DemoArgs, DemoScale};
use crate::config::{DEMO_DATABASE, redact_url};

pub async fn run(ctx: &Context, args: DemoArgs) -> Result<ExitCode> {
    // Only --database counts here, never the configured database: demo data must not land in a real
    // installation because an nqtrack.toml happened to be in the current directory.
    let url = ctx.database_flag.clone().unwrap_or_else(|| DEMO_DATABASE.to_owned());
    let listen = parse_address("listen", &args.listen)?;
    let store = connect(&url).await?;
    migrate(&store, &url).await?;
    let app = configured_app(store, &ctx.config);
    let scale = match args.scale {
        DemoScale::Small => Scale::Small,
        DemoScale::National => Scale::National,
    };
    println!("Preparing the demo in {} ...", redact_url(&url));
    let started = Instant::now();
    let logins = match app.seed_demo(&operator(), scale).await {
        Ok(logins) => logins,
        Err(error) => return app_failure(ctx.lang, error),
    };
    if let Err(error) = app.close_demo_quarter(&operator()).await {
        return app_failure(ctx.lang, error);
    }
    println!("Demo data ready in {:.1} s.", started.elapsed().as_secs_f64());
    // The seed does nothing on an already seeded database, whatever the scale asked for now.
    if scale == Scale::National && app.store().read().await?.user_by_username("ub01").await?.is_none() {
        eprintln!(
            "note: this database already held the small demo, so it was left as it is; \
             use a new --database for the national scale"
        );
    }
    println!();
    println!("Open:      {}", browser_url(listen));
    println!("Password:  {DEMO_PASSWORD}   (the same for every demo account)");
    println!();
    let rows: Vec<Vec<String>> =
        logins.into_iter().map(|l| vec![l.username, l.role.as_str().to_owned(), l.unit]).collect();
    print_table(&["username", "role", "unit"], &rows);
    if scale == Scale::National {
        println!();
        println!("  ... and a reporter account for every unit, named u<unit code> (e.g. u01, u08-s03).");
    }
    println!();
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    println!("Serving on {} (Ctrl-C to stop).", browser_url(listen));
    // Urging runs as on a real server, but e-mail stays off: demo accounts are made up, and a
    // configured relay must not receive mail about demo data.
    let background = Background::start(app.clone(), None);
    let state = nqtrack_web::state(app, false, true);
    let served = serve(state, listen, None).await;
    background.stop().await;
    served?;
    Ok(ExitCode::SUCCESS)
}

/// The address to type into a browser: a wildcard listen address is reached through localhost.
fn browser_url(listen: SocketAddr) -> String {
    let ip = if listen.ip().is_unspecified() { IpAddr::V4(Ipv4Addr::LOCALHOST) } else { listen.ip() };
    format!("http://{}/", SocketAddr::new(ip, listen.port()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_urls() {
        assert_eq!(browser_url("127.0.0.1:8057".parse().expect("addr")), "http://127.0.0.1:8057/");
        assert_eq!(browser_url("0.0.0.0:8057".parse().expect("addr")), "http://127.0.0.1:8057/");
        assert_eq!(browser_url("[::1]:8057".parse().expect("addr")), "http://[::1]:8057/");
    }
}
