//! The what-if input: errors name the field and where it is.

use corridor_returns::{check_json, Decision, InputError, Jurisdiction};

fn case(events: &str, proposed: &str) -> String {
    format!(
        r#"{{"jurisdiction":"eu-2008","person":{{"date_of_birth":"1990-01-01"}},"events":[{events}],"proposed":{proposed}}}"#
    )
}

fn error(input: &str) -> String {
    check_json(input).unwrap_err().to_string()
}

const DETAIN: &str =
    r#"{"date":"2025-01-02","kind":"detain","by":"a","legal_basis":"b","rationale":"c"}"#;

#[test]
fn a_valid_case_is_decided() {
    let d: Decision = check_json(&case("", DETAIN)).unwrap();
    assert!(d.allowed);
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#"{"allowed":true,"reasons":[]}"#
    );
}

#[test]
fn a_misspelt_field_names_the_event_and_the_field() {
    let e = error(&case(
        r#"{"date":"2025-01-01","kind":"appeal_lodged","against":"asylum_decision","suspensiv":true}"#,
        DETAIN,
    ));
    assert!(
        e.starts_with("events[0]: appeal_lodged: unknown field `suspensiv`"),
        "{e}"
    );
}

#[test]
fn an_unknown_kind_lists_the_known_ones() {
    let e = error(&case(r#"{"date":"2025-01-01","kind":"deported"}"#, DETAIN));
    assert!(
        e.contains("events[0]: kind: unknown variant `deported`"),
        "{e}"
    );
    assert!(e.contains("`rule39_interim_measure`"), "{e}");
}

#[test]
fn a_bad_date_says_what_a_date_looks_like() {
    let e = error(&case(
        r#"{"date":"2025-13-01","kind":"asylum_claim"}"#,
        DETAIN,
    ));
    assert!(e.starts_with("events[0]: date:"), "{e}");
    assert!(e.contains("YYYY-MM-DD"), "{e}");
}

#[test]
fn a_bad_country_code_is_named() {
    let e = error(&case(
        r#"{"date":"2025-01-01","kind":"non_refoulement_claim","destination":"Albania"}"#,
        DETAIN,
    ));
    assert!(e.contains("ISO 3166-1 alpha-3"), "{e}");
}

#[test]
fn a_court_order_naming_an_unknown_rule_is_rejected() {
    let e = error(&case(
        r#"{"date":"2025-01-01","kind":"court_order","overrides":["NON_REFOULMENT"]}"#,
        DETAIN,
    ));
    assert!(
        e.starts_with("events[0].overrides[0]: unknown rule code"),
        "{e}"
    );
}

#[test]
fn an_unknown_family_member_is_rejected() {
    let e = error(&case(
        "",
        r#"{"date":"2025-01-02","kind":"execute_removal","accompanied_by":["F9"]}"#,
    ));
    assert!(e.starts_with("proposed.accompanied_by[0]"), "{e}");
}

#[test]
fn syntax_errors_give_line_and_column() {
    let e = check_json("{\n  \"jurisdiction\": \"uk\",,\n}").unwrap_err();
    assert!(matches!(e, InputError::Format { .. }));
    assert!(e.to_string().starts_with("line 2 column"), "{e}");
}

#[test]
fn missing_proposed_step_is_named() {
    let e = error(r#"{"jurisdiction":"uk","person":{}}"#);
    assert!(e.contains("missing field `proposed`"), "{e}");
}

#[test]
fn profiles_carry_the_legal_numbers() {
    let eu = Jurisdiction::Eu2008.profile();
    assert_eq!(
        (eu.initial_detention_months, eu.max_detention_months),
        (Some(6), Some(18))
    );
    assert_eq!(
        Jurisdiction::Eu2025.profile().max_detention_months,
        Some(24)
    );
    assert_eq!(Jurisdiction::Uk.profile().max_detention_months, None);
    for j in Jurisdiction::ALL {
        assert!(
            j.profile().reflection_days >= 30,
            "CoE Convention Art. 13: at least 30 days"
        );
    }
}
