//! What every page shares: language, account, CSRF token, messages; and turning errors into pages.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use nqtrack_app::AppError;

use crate::auth::Viewer;
use crate::error::{error_title, field_messages, log_if_internal, status_of};
use crate::i18n::{Lang, tr, tr_args};

/// The part of every page the layout needs.
pub struct Base {
    pub lang: Lang,
    pub user_name: Option<String>,
    pub csrf: String,
    pub here: String,
    pub flash: Option<String>,
    pub errors: Vec<String>,
}

impl Base {
    pub fn new(viewer: &Viewer) -> Self {
        let saved = viewer.here.contains("saved=1");
        let must_change = viewer.signed_in.as_ref().is_some_and(|s| s.user.must_change_password);
        Self {
            lang: viewer.lang,
            user_name: viewer.signed_in.as_ref().map(|s| s.user.display_name.clone()),
            csrf: viewer.csrf(),
            here: viewer.here.clone(),
            flash: saved.then(|| tr(viewer.lang, "flash-saved")),
            errors: if must_change { vec![tr(viewer.lang, "account-must-change")] } else { Vec::new() },
        }
    }

    /// The same page showing why the last action failed: every field problem, translated.
    pub fn with_error(mut self, error: &AppError) -> Self {
        let fields = field_messages(self.lang, error);
        self.errors = if fields.is_empty() {
            vec![error_title(self.lang, error)]
        } else {
            fields
                .into_iter()
                .map(|f| match f.row {
                    Some(row) => format!("{} {row} · {}", tr(self.lang, "import-row"), f.message),
                    None => f.message,
                })
                .collect()
        };
        self
    }

    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }

    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        tr_args(self.lang, key, &[(name, value.to_owned())])
    }

    pub fn kind(&self, kind: &nqtrack_domain::unit::UnitKind) -> String {
        self.t(&format!("kind-{}", kind.as_str()))
    }

    pub fn level(&self, level: &nqtrack_domain::unit::Level) -> String {
        self.t(&format!("level-{}", level.as_str()))
    }

    pub fn role(&self, role: &nqtrack_domain::user::Role) -> String {
        self.t(&format!("role-{}", role.as_str()))
    }

    pub fn member_role(&self, role: &nqtrack_domain::committee::MemberRole) -> String {
        self.t(&format!("member-{}", role.as_str()))
    }

    pub fn action(&self, action: &str) -> String {
        self.t(&crate::i18n::action_key(action))
    }

    pub fn here_encoded(&self) -> String {
        form_urlencoded::byte_serialize(self.here.as_bytes()).collect()
    }

    pub fn date(&self, date: &jiff::civil::Date) -> String {
        nqtrack_domain::dates::format_date(*date)
    }

    pub fn instant(&self, at: &jiff::Timestamp) -> String {
        nqtrack_domain::dates::format_instant(*at)
    }
}

pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    base: Base,
    title: String,
}

/// A failed page request: sign-in first when the session is missing, else an error page.
/// Boxed: it travels in every handler's `Result`, and the error path is the rare one.
pub struct PageError(Box<PageErrorParts>);

pub struct PageErrorParts {
    viewer_lang: Lang,
    viewer: Base,
    error: AppError,
    /// Somewhere the viewer must go first (e.g. to change a one-time password).
    redirect: Option<String>,
}

impl PageError {
    pub fn new(viewer: &Viewer, error: AppError) -> Self {
        Self(Box::new(PageErrorParts { viewer_lang: viewer.lang, viewer: Base::new(viewer), error, redirect: None }))
    }

    fn redirect(viewer: &Viewer, to: &str) -> Self {
        let mut error = Self::new(viewer, AppError::Unauthenticated);
        error.0.redirect = Some(to.to_owned());
        error
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageErrorParts { viewer_lang, viewer, error, redirect } = *self.0;
        if let Some(to) = redirect {
            return Redirect::to(&to).into_response();
        }
        log_if_internal(&error);
        if matches!(error, AppError::Unauthenticated) {
            let next: String = form_urlencoded::byte_serialize(viewer.here.as_bytes()).collect();
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        let status = status_of(&error);
        let title = error_title(viewer_lang, &error);
        let page = ErrorPage { base: viewer.with_error(&error), title };
        (status, render(&page)).into_response()
    }
}

/// Pages that need an account send anonymous visitors to the login page, and an account with a
/// one-time password to the account page until it has chosen its own.
pub fn require_signed_in(viewer: &Viewer) -> Result<(), PageError> {
    match &viewer.signed_in {
        None => Err(PageError::new(viewer, AppError::Unauthenticated)),
        Some(signed_in) if signed_in.user.must_change_password && !viewer.here.starts_with("/account") => {
            Err(PageError::redirect(viewer, "/account?must_change=1"))
        }
        Some(_) => Ok(()),
    }
}

pub type PageResult = Result<Response, PageError>;

/// After a successful form post: back to a page, which then says "saved".
pub fn saved(to: &str) -> Response {
    let separator = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{separator}saved=1")).into_response()
}
