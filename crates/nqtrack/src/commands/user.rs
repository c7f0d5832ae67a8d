//! `nqtrack user ...`: accounts and roles, as the operator.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::process::ExitCode;

use anyhow::Result;
use nqtrack_app::UserInput;
use nqtrack_app::demo::ROOT_CODE;
use uuid::Uuid;

use super::{
    Context, app_failure, new_app, open_existing, operator, print_table, read_password, unit_by_code, user_by_username,
};
use crate::cli::{GrantArgs, UserCommand, UserCreateArgs, UserListArgs};

pub async fn run(ctx: &Context, command: UserCommand) -> Result<ExitCode> {
    match command {
        UserCommand::Create(args) => create(ctx, args).await,
        UserCommand::Disable { username } => set_disabled(ctx, &username, true).await,
        UserCommand::Enable { username } => set_disabled(ctx, &username, false).await,
        UserCommand::ResetPassword { username } => reset_password(ctx, &username).await,
        UserCommand::Grant(args) => change_grant(ctx, args, true).await,
        UserCommand::Revoke(args) => change_grant(ctx, args, false).await,
        UserCommand::List(args) => list(ctx, args).await,
        UserCommand::Token { username, name } => token(ctx, &username, &name).await,
    }
}

async fn token(ctx: &Context, username: &str, name: &str) -> Result<ExitCode> {
    let store = open_existing(&ctx.config.database).await?;
    let user = user_by_username(&store, username).await?;
    match new_app(store).create_token_for(&operator(), user.id, name).await {
        Ok((_, secret)) => {
            println!("API token for {} (shown once, store it safely): {secret}", user.username);
            println!("use it as: Authorization: Bearer {secret}");
        }
        Err(error) => return app_failure(ctx.lang, error),
    }
    Ok(ExitCode::SUCCESS)
}

async fn set_disabled(ctx: &Context, username: &str, disabled: bool) -> Result<ExitCode> {
    let store = open_existing(&ctx.config.database).await?;
    let user = user_by_username(&store, username).await?;
    match new_app(store).set_user_disabled(&operator(), user.id, disabled).await {
        Ok(user) if disabled => println!("account {} disabled; its sessions have ended", user.username),
        Ok(user) => println!("account {} enabled", user.username),
        Err(error) => return app_failure(ctx.lang, error),
    }
    Ok(ExitCode::SUCCESS)
}

async fn reset_password(ctx: &Context, username: &str) -> Result<ExitCode> {
    let store = open_existing(&ctx.config.database).await?;
    let user = user_by_username(&store, username).await?;
    match new_app(store).reset_password(&operator(), user.id).await {
        Ok(password) => {
            println!("one-time password for {}: {password}", user.username);
            println!(
                "pass it on through a safe channel; the account is marked to change it, and its sessions have ended"
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => app_failure(ctx.lang, error),
    }
}

async fn create(ctx: &Context, args: UserCreateArgs) -> Result<ExitCode> {
    let password = read_password(args.password.password_file.as_deref(), args.password.password_stdin)?;
    let store = open_existing(&ctx.config.database).await?;
    let unit = unit_by_code(&store, &args.unit).await?;
    let input = UserInput {
        username: args.username,
        display_name: args.name,
        email: args.email.unwrap_or_default(),
        unit_id: unit.id,
        password,
        role: args.role.unwrap_or_default(),
    };
    let role = input.role.trim().to_owned();
    match new_app(store).create_user(&operator(), input).await {
        Ok(user) => {
            if role.is_empty() {
                println!("account {} created at unit {} (no role yet)", user.username, unit.code);
            } else {
                println!("account {} created at unit {} with role {role}", user.username, unit.code);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => app_failure(ctx.lang, error),
    }
}

async fn change_grant(ctx: &Context, args: GrantArgs, grant: bool) -> Result<ExitCode> {
    let store = open_existing(&ctx.config.database).await?;
    let user = user_by_username(&store, &args.username).await?;
    let unit = unit_by_code(&store, &args.unit).await?;
    let app = new_app(store);
    let result = if grant {
        app.grant_role(&operator(), user.id, &args.role, unit.id).await
    } else {
        app.revoke_role(&operator(), user.id, &args.role, unit.id).await
    };
    match result {
        Ok(()) if grant => {
            println!("{} is now {} at {} and below", user.username, args.role.trim(), unit.code);
            Ok(ExitCode::SUCCESS)
        }
        Ok(()) => {
            println!("{} is no longer {} at {}", user.username, args.role.trim(), unit.code);
            Ok(ExitCode::SUCCESS)
        }
        Err(nqtrack_app::AppError::NotFound("grant")) => {
            anyhow::bail!("{} holds no role {} at {}", user.username, args.role.trim(), unit.code)
        }
        Err(error) => app_failure(ctx.lang, error),
    }
}

async fn list(ctx: &Context, args: UserListArgs) -> Result<ExitCode> {
    let store = open_existing(&ctx.config.database).await?;
    let unit = unit_by_code(&store, args.unit.as_deref().unwrap_or(ROOT_CODE)).await?;
    let users = match new_app(store.clone()).list_users(&operator(), unit.id, args.subtree).await {
        Ok(users) => users,
        Err(error) => return app_failure(ctx.lang, error),
    };
    let mut tx = store.read().await?;
    let mut unit_codes: HashMap<Uuid, String> = HashMap::from([(unit.id, unit.code.clone())]);
    let mut rows = Vec::with_capacity(users.len());
    for user in &users {
        if let Entry::Vacant(entry) = unit_codes.entry(user.unit_id) {
            entry.insert(tx.unit(user.unit_id).await?.map(|u| u.code).unwrap_or_default());
        }
        let roles: Vec<String> =
            tx.grants_of(user.id).await?.into_iter().map(|g| format!("{}@{}", g.role, g.unit_code)).collect();
        rows.push(vec![
            user.username.clone(),
            user.display_name.clone(),
            unit_codes.get(&user.unit_id).cloned().unwrap_or_default(),
            if roles.is_empty() { "-".to_owned() } else { roles.join(", ") },
            if user.disabled { "disabled".to_owned() } else { "active".to_owned() },
        ]);
    }
    drop(tx);
    if rows.is_empty() {
        println!("no accounts at {}{}", unit.code, if args.subtree { " or below" } else { "" });
    } else {
        print_table(&["username", "name", "unit", "roles", "status"], &rows);
        println!("{} account(s)", rows.len());
    }
    Ok(ExitCode::SUCCESS)
}
