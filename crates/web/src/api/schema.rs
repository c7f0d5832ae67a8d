//! OpenAPI schemas of the domain's closed value sets, generated from the domain's own lists so the
//! document cannot drift from what the server sends.

use std::borrow::Cow;

use nqtrack_domain::committee::{Body, MemberRole};
use nqtrack_domain::status::{Colour, Status};
use nqtrack_domain::task::{
    AttachmentKind, CompletionState, Confidentiality, DocumentType, ExtensionState, Field, Priority, ProgressKind,
    TaskKind, TaskSource,
};
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_domain::user::Role;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

macro_rules! text_enum_schema {
    ($schema:ident, $name:literal, $ty:ty, $doc:literal) => {
        #[doc = $doc]
        pub struct $schema;

        impl utoipa::PartialSchema for $schema {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some($doc))
                    .enum_values(Some(<$ty>::ALL.iter().map(|value| value.as_str())))
                    .into()
            }
        }

        impl utoipa::ToSchema for $schema {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

text_enum_schema!(UnitKindSchema, "UnitKind", UnitKind, "What a unit is.");
text_enum_schema!(LevelSchema, "Level", Level, "The tier of government a unit belongs to.");
text_enum_schema!(
    RoleSchema,
    "Role",
    Role,
    "What an account may do within the subtree of the unit a role is granted at."
);
text_enum_schema!(BodySchema, "Body", Body, "The steering committee or its working group.");
text_enum_schema!(MemberRoleSchema, "MemberRole", MemberRole, "A member's position in a committee or working group.");

// Documents and tasks.
text_enum_schema!(DocumentTypeSchema, "DocumentType", DocumentType, "The kind of document tasks come from.");
text_enum_schema!(TaskSourceSchema, "TaskSource", TaskSource, "Where a task comes from.");
text_enum_schema!(
    TaskKindSchema,
    "TaskKind",
    TaskKind,
    "`deadline`: one due date; `monthly`, `quarterly`, `yearly`: a series with one deadline occurrence per period; `regular`: ongoing, judged on being reported each period."
);
text_enum_schema!(FieldSchema, "Field", Field, "The programme's field of work a task belongs to.");
text_enum_schema!(PrioritySchema, "Priority", Priority, "A task's priority.");
text_enum_schema!(
    ConfidentialitySchema,
    "Confidentiality",
    Confidentiality,
    "Who may see a task: secret tasks only by those whose scope covers the assigning or presiding unit."
);
text_enum_schema!(
    ProgressKindSchema,
    "ProgressKind",
    ProgressKind,
    "A progress report by the presiding unit, or a contribution by a coordinating unit."
);
text_enum_schema!(CompletionStateSchema, "CompletionState", CompletionState, "Where a completion report stands.");
text_enum_schema!(ExtensionStateSchema, "ExtensionState", ExtensionState, "Where an extension request stands.");
text_enum_schema!(
    AttachmentKindSchema,
    "AttachmentKind",
    AttachmentKind,
    "Evidence: an uploaded file, a link, or the number of a document."
);
text_enum_schema!(
    StatusSchema,
    "Status",
    Status,
    "Where a task stands on a date: deadline tasks are completed on time or late, in progress, or overdue; regular tasks are reported or not reported in the period."
);
text_enum_schema!(ColourSchema, "Colour", Colour, "The traffic-light colour of a task's status on a date.");
