//! Steering committees (Ban Chỉ đạo) and their working groups (Tổ giúp việc).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::unit::text_enum;

text_enum!(
    /// A member's position in a committee or a working group.
    MemberRole, "role", "member-role-unknown" {
        Head = "head" | "truong_ban" | "to_truong",
        Deputy = "deputy" | "pho_truong_ban" | "to_pho",
        Member = "member" | "thanh_vien",
    }
);

text_enum!(
    /// Which body of the unit the person sits on.
    Body, "body", "body-unknown" {
        Committee = "committee" | "ban_chi_dao",
        WorkingGroup = "working_group" | "to_giup_viec",
    }
);
