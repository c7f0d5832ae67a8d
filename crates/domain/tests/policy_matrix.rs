//! The whole role × action × scope matrix, written out so that any change to the policy shows here.

use nqtrack_domain::policy::{
    Action, Actor, Grant, Scope, UserActor, authorize, authorize_grant, authorize_published, authorize_shared,
    authorize_system, scope,
};
use nqtrack_domain::unit::UnitPath;
use nqtrack_domain::user::Role;
use uuid::Uuid;

/// Where the target sits relative to the unit the role was granted at.
#[derive(Debug, Clone, Copy)]
enum Relation {
    Same,
    Below,
    Above,
    Outside,
}

struct Tree {
    root: UnitPath,
    province: UnitPath,
    commune: UnitPath,
    other_province: UnitPath,
}

fn tree() -> Tree {
    let root = UnitPath::root(Uuid::now_v7());
    let province = root.child(Uuid::now_v7());
    let commune = province.child(Uuid::now_v7());
    let other_province = root.child(Uuid::now_v7());
    Tree { root, province, commune, other_province }
}

fn actor_at(role: Role, at: &UnitPath) -> Actor {
    Actor::User(UserActor {
        user_id: Uuid::now_v7(),
        username: "someone".into(),
        grants: vec![Grant { role, unit_id: at.ids().last().expect("non-empty path"), unit_path: at.clone() }],
    })
}

fn target(tree: &Tree, relation: Relation) -> &UnitPath {
    match relation {
        Relation::Same => &tree.province,
        Relation::Below => &tree.commune,
        Relation::Above => &tree.root,
        Relation::Outside => &tree.other_province,
    }
}

/// Expected decision per relation, in the order Same, Below, Above, Outside ('Y' allow, '.' deny).
fn expected(role: Option<Role>, action: Action) -> &'static str {
    use Action::*;
    match (role, action) {
        (None, _) => "....",
        (Some(Role::Administrator), _) => "YY..",
        (Some(Role::Coordinator), AdministerSystem) => "....",
        (Some(Role::Coordinator), _) => "YY..",
        (
            Some(Role::Leader),
            ViewUnit | ViewUsers | ViewAudit | ViewTasks | DecideTasks | ViewIndicators | ApproveIndicators
            | ViewEvaluation,
        ) => "YY..",
        (Some(Role::Inspector), ViewUnit | ViewUsers | ViewAudit | ViewTasks | ViewIndicators | ViewEvaluation) => {
            "YY.."
        }
        (Some(Role::Leader | Role::Inspector), _) => "....",
        (Some(Role::Reporter), ViewUnit | ViewTasks | ViewIndicators | ViewEvaluation) => "YY..",
        (Some(Role::Reporter), ViewUsers | ReportTasks | ReportIndicators) => "Y...",
        (Some(Role::Reporter), _) => "....",
    }
}

#[test]
fn role_action_scope_matrix() {
    let tree = tree();
    let relations = [Relation::Same, Relation::Below, Relation::Above, Relation::Outside];
    let mut roles: Vec<Option<Role>> = Role::ALL.iter().copied().map(Some).collect();
    roles.push(None);
    for role in roles {
        let actor = role.map_or(Actor::Public, |role| actor_at(role, &tree.province));
        for &action in Action::ALL {
            let got: String = relations
                .iter()
                .map(|&relation| if authorize(&actor, action, target(&tree, relation)).is_ok() { 'Y' } else { '.' })
                .collect();
            assert_eq!(got, expected(role, action), "{role:?} {action:?}");
            // The store's row filter must agree with the per-object decision.
            let rows: String = relations
                .iter()
                .map(|&relation| if scope(&actor, action).contains(target(&tree, relation)) { 'Y' } else { '.' })
                .collect();
            assert_eq!(rows, got, "scope of {role:?} {action:?}");
        }
    }
}

#[test]
fn system_administration_needs_an_administrator_at_the_root() {
    let tree = tree();
    assert!(authorize_system(&actor_at(Role::Administrator, &tree.root)).is_ok());
    assert!(authorize_system(&actor_at(Role::Administrator, &tree.province)).is_err());
    assert!(authorize_system(&actor_at(Role::Coordinator, &tree.root)).is_err());
    assert!(authorize_system(&Actor::Public).is_err());
}

#[test]
fn the_server_operator_may_do_everything() {
    let tree = tree();
    let operator = Actor::Operator { name: "root".into() };
    for &action in Action::ALL {
        assert!(authorize(&operator, action, &tree.commune).is_ok());
        assert_eq!(scope(&operator, action), Scope::Everything);
    }
    assert!(authorize_system(&operator).is_ok());
    assert!(authorize_grant(&operator, Role::Administrator, &tree.root).is_ok());
}

#[test]
fn only_administrators_make_administrators() {
    let tree = tree();
    let coordinator = actor_at(Role::Coordinator, &tree.province);
    assert!(authorize_grant(&coordinator, Role::Reporter, &tree.commune).is_ok());
    assert!(authorize_grant(&coordinator, Role::Coordinator, &tree.province).is_ok());
    assert!(authorize_grant(&coordinator, Role::Administrator, &tree.commune).is_err());
    assert!(authorize_grant(&coordinator, Role::Reporter, &tree.other_province).is_err());
    let admin = actor_at(Role::Administrator, &tree.province);
    assert!(authorize_grant(&admin, Role::Administrator, &tree.commune).is_ok());
    assert!(authorize_grant(&admin, Role::Administrator, &tree.root).is_err());
}

#[test]
fn nested_grants_collapse_in_the_scope() {
    let tree = tree();
    let actor = Actor::User(UserActor {
        user_id: Uuid::now_v7(),
        username: "two".into(),
        grants: vec![
            Grant { role: Role::Inspector, unit_id: Uuid::nil(), unit_path: tree.commune.clone() },
            Grant { role: Role::Leader, unit_id: Uuid::nil(), unit_path: tree.province.clone() },
        ],
    });
    assert_eq!(
        scope(&actor, Action::ViewAudit),
        Scope::Within { subtrees: vec![tree.province.clone()], units: vec![] }
    );
    assert!(scope(&Actor::Public, Action::ViewUsers).is_empty());
}

#[test]
fn a_scope_covers_a_subtree_only_from_a_subtree_grant_at_or_above_it() {
    let tree = tree();
    let subtree = Scope::Within { subtrees: vec![tree.province.clone()], units: vec![] };
    assert!(subtree.covers_subtree(&tree.province));
    assert!(subtree.covers_subtree(&tree.commune));
    assert!(!subtree.covers_subtree(&tree.root));
    assert!(!subtree.covers_subtree(&tree.other_province));
    // A unit-only grant sees its unit, not the units below it.
    let unit_only = Scope::Within { subtrees: vec![], units: vec![tree.province.clone()] };
    assert!(unit_only.contains(&tree.province));
    assert!(!unit_only.covers_subtree(&tree.province));
    assert!(Scope::Everything.covers_subtree(&tree.root));
}

#[test]
fn what_is_shared_under_a_unit_is_seen_from_below_it_but_not_from_beside_it() {
    let tree = tree();
    let commune_reporter = actor_at(Role::Reporter, &tree.commune);
    assert!(authorize_shared(&commune_reporter, Action::ViewEvaluation, &tree.root).is_ok());
    assert!(authorize_shared(&commune_reporter, Action::ViewEvaluation, &tree.province).is_ok());
    assert!(authorize_shared(&commune_reporter, Action::ViewEvaluation, &tree.other_province).is_err());
    let coordinator = actor_at(Role::Coordinator, &tree.province);
    assert!(authorize(&coordinator, Action::ManageEvaluation, &tree.root).is_err());
    assert!(authorize_shared(&Actor::Public, Action::ViewEvaluation, &tree.root).is_err());
    assert!(authorize_published(true).is_ok());
    assert!(authorize_published(false).is_err());
}
