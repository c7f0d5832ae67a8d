//! OpenAPI schemas of the domain's closed value sets, generated from the domain's own lists so the
//! document cannot drift from what the server sends.

use std::borrow::Cow;

use nqtrack_domain::committee::{Body, MemberRole};
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
