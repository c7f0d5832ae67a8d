//! Turns a policy [`Scope`] into a SQL condition, so lists are filtered in the database as well.

use nqtrack_domain::policy::Scope;
use sqlx::{Database, Encode, QueryBuilder, Type};

/// Appends `AND (<path column within the scope>)`. Each subtree is one index range on the path.
pub(crate) fn push_scope<DB>(query: &mut QueryBuilder<DB>, path_column: &str, scope: &Scope)
where
    DB: Database,
    String: for<'t> Encode<'t, DB> + Type<DB>,
{
    let Scope::Within { subtrees, units } = scope else {
        return;
    };
    query.push(" AND (");
    if subtrees.is_empty() && units.is_empty() {
        query.push("1 = 0");
    }
    let mut first = true;
    for root in subtrees {
        if !first {
            query.push(" OR ");
        }
        first = false;
        query.push(format!("({path_column} >= "));
        query.push_bind(root.as_str().to_owned());
        query.push(format!(" AND {path_column} < "));
        query.push_bind(root.subtree_end());
        query.push(")");
    }
    for unit in units {
        if !first {
            query.push(" OR ");
        }
        first = false;
        query.push(format!("{path_column} = "));
        query.push_bind(unit.as_str().to_owned());
    }
    query.push(")");
}
