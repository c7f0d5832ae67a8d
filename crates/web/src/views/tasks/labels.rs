//! The translated names of task and document values, for templates (`base.task_status(s)`), and the
//! CSS class of a colour.

use jiff::civil::Date;
use nqtrack_domain::status::{Colour, Status};
use nqtrack_domain::task::{Confidentiality, DocumentType, Field, Priority, TaskKind, TaskSource};

use crate::views::page::Base;

impl Base {
    pub fn task_status(&self, status: &Status) -> String {
        self.t(&format!("task-status-{}", status.as_str()))
    }

    pub fn task_colour(&self, colour: &Colour) -> String {
        self.t(&format!("task-colour-{}", colour.as_str()))
    }

    pub fn task_kind(&self, kind: &TaskKind) -> String {
        self.t(&format!("task-kind-{}", kind.as_str()))
    }

    pub fn task_field(&self, field: &Field) -> String {
        self.t(&format!("task-field-{}", field.as_str()))
    }

    pub fn task_priority(&self, priority: &Priority) -> String {
        self.t(&format!("task-priority-{}", priority.as_str()))
    }

    pub fn task_confidentiality(&self, confidentiality: &Confidentiality) -> String {
        self.t(&format!("task-confidentiality-{}", confidentiality.as_str()))
    }

    pub fn task_source(&self, source: &TaskSource) -> String {
        self.t(&format!("task-source-{}", source.as_str()))
    }

    pub fn doc_type(&self, doc_type: &DocumentType) -> String {
        self.t(&format!("doc-type-{}", doc_type.as_str()))
    }

    /// The badge class of a colour (see [`colour_class`]).
    pub fn task_badge(&self, colour: &Option<Colour>) -> &'static str {
        colour_class(colour)
    }

    pub fn task_badge_of(&self, colour: &Colour) -> &'static str {
        colour_class(&Some(*colour))
    }

    /// The tile class of a colour, for counts.
    pub fn task_tile(&self, colour: &Colour) -> &'static str {
        match colour {
            Colour::Green => "tile-green",
            Colour::Yellow => "tile-yellow",
            Colour::Red => "tile-red",
        }
    }

    /// A date that may be missing (regular tasks have no deadline): dd/mm/yyyy or a dash.
    pub fn date_or_dash(&self, date: &Option<Date>) -> String {
        date.map_or_else(|| "—".to_owned(), nqtrack_domain::dates::format_date)
    }
}

/// The badge class of a colour; the colour is also always written out, never shown by hue alone.
pub fn colour_class(colour: &Option<Colour>) -> &'static str {
    match colour {
        Some(Colour::Green) => "badge-green",
        Some(Colour::Yellow) => "badge-yellow",
        Some(Colour::Red) => "badge-red",
        None => "badge-muted",
    }
}
