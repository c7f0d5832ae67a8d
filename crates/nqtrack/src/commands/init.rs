//! `nqtrack init`: a new installation. Safe to run again: what exists is left as it is.

use std::process::ExitCode;

use anyhow::{Result, bail};
use nqtrack_app::UserInput;

use super::{Context, app_failure, connect, migrate, new_app, operator, read_password};
use crate::cli::InitArgs;
use crate::config::redact_url;

pub async fn run(ctx: &Context, args: InitArgs) -> Result<ExitCode> {
    let url = &ctx.config.database;
    // Read the password before anything is written, so a missing file changes nothing.
    let (file, stdin) = (args.password.admin_password_file.as_deref(), args.password.admin_password_stdin);
    let password = match &args.admin_username {
        Some(_) if file.is_none() && !stdin => {
            bail!("give the administrator's password with --admin-password-file FILE or --admin-password-stdin")
        }
        Some(_) => Some(read_password(file, stdin)?),
        None => None,
    };
    let store = connect(url).await?;
    migrate(&store, url).await?;
    println!("database {} is migrated", redact_url(url));
    let app = new_app(store.clone());
    let operator = operator();
    let root = match app.ensure_root(&operator).await {
        Ok(root) => root,
        Err(error) => return app_failure(ctx.lang, error),
    };
    println!("root unit {}: {}", root.code, root.name);
    match app.seed_holidays(&operator).await {
        Ok(0) => println!("the holiday calendar already holds the seeded years; left unchanged"),
        Ok(added) => println!("{added} public holidays added to the working-day calendar"),
        Err(error) => return app_failure(ctx.lang, error),
    }
    if args.with_vn_admin {
        match app.load_vn_admin(&operator).await {
            Ok(0) => println!("Vietnam's provinces and communes were already loaded"),
            Ok(created) => println!("{created} provinces and communes loaded"),
            Err(error) => return app_failure(ctx.lang, error),
        }
    }
    if let (Some(username), Some(password)) = (args.admin_username, password) {
        let existing = store.read().await?.user_by_username(&username.trim().to_ascii_lowercase()).await?;
        if let Some(existing) = existing {
            println!("account {} already exists; left unchanged", existing.username);
        } else {
            let input = UserInput {
                username,
                display_name: args.admin_name,
                email: String::new(),
                unit_id: root.id,
                password,
                role: "administrator".to_owned(),
            };
            match app.create_user(&operator, input).await {
                Ok(user) => println!("administrator {} created at unit {}", user.username, root.code),
                Err(error) => return app_failure(ctx.lang, error),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
