//! Drives `corridor mrz check` as a script would: zones on standard input,
//! one JSON object per zone on standard output (the contract of
//! docs/mrz.md).

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
const TD1: &str = "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<";
const BAD_COMPOSITE: &str = "IDAUT10000999<6<<<<<<<<<<<<<<<\n7109094F1112315AUT<<<<<<<<<<<6\nMUSTERFRAU<<ISOLDE<<<<<<<<<<<<";

/// `corridor mrz check ARGS` with `input` on standard input, run in an
/// empty directory; its output lines as JSON, after checking that it
/// succeeded, printed nothing else and opened no store.
fn check(args: &[&str], input: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("corridor")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("CORRIDOR_DB")
        .arg("mrz")
        .arg("check")
        .args(args)
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "mrz check wrote a file (a store?)"
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn codes(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn blank_line_separated_zones_give_one_object_each_in_order() {
    let input = format!("{TD3}\n\nnot a zone\n\n{TD1}\n\n{BAD_COMPOSITE}\n");
    let out = check(&["--as-of", "2025-01-01"], &input);
    assert_eq!(out.len(), 4, "{out:?}");

    assert_eq!(out[0]["format"], "TD3");
    assert_eq!(out[0]["valid"], true);
    let f = &out[0]["fields"];
    assert_eq!(f["surname"], "ERIKSSON");
    assert_eq!(f["given_names"], "ANNA MARIA");
    assert_eq!(f["birth_date"], "1974-08-12");
    assert_eq!(f["birth_date_raw"], "740812");
    assert_eq!(f["expiry_date"], "2012-04-15");
    assert_eq!(f["optional_data"], "ZE184226B");
    assert_eq!(out[0]["check_digits"]["optional_data"], true);
    assert_eq!(
        codes(&out[0], "warnings"),
        [
            "issuing_state:special_code:UTO",
            "nationality:special_code:UTO"
        ]
    );
    // Expiry depends on the as-of date: reported on its own.
    assert_eq!(out[0]["expired"], true);
    // Every code comes with a sentence.
    let problems = out[0]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 3);
    assert!(problems[2]["message"]
        .as_str()
        .unwrap()
        .contains("expired on 2012-04-15"));

    assert_eq!(out[1]["format"], Value::Null);
    assert_eq!(out[1]["valid"], false);
    assert_eq!(out[1]["fields"]["surname"], Value::Null);
    assert_eq!(
        codes(&out[1], "failing_checks"),
        [
            "structure:line_count_or_length",
            "structure:illegal_characters"
        ]
    );

    assert_eq!(out[2]["format"], "TD1");
    assert_eq!(out[2]["fields"]["document_number"], "D23145890734");
    assert_eq!(out[2]["fields"]["document_number_extended"], true);
    assert_eq!(out[2]["fields"]["optional_data"], "");
    assert_eq!(out[2]["fields"]["birth_date"], "1934-07-12");
    assert_eq!(out[2]["fields"]["expiry_date"], "1995-07-12");

    assert_eq!(out[3]["valid"], false);
    assert_eq!(codes(&out[3], "failing_checks"), ["check_digit:composite"]);
    assert_eq!(out[3]["check_digits"]["composite"], false);
}

#[test]
fn zones_are_taken_exactly_as_given() {
    // A CRLF file: the blank `\r` lines still separate records, but the
    // carriage returns inside a zone are not repaired.
    let input = format!(
        "{}\r\n\r\n{}\r\n",
        TD3.replace('\n', "\r\n"),
        TD1.replace('\n', "\r\n")
    );
    let out = check(&["--as-of", "2025-01-01"], &input);
    assert_eq!(out.len(), 2);
    for v in &out {
        assert_eq!(v["valid"], false);
        let failing = codes(v, "failing_checks");
        assert!(failing.contains(&"structure:illegal_characters".to_owned()));
        let message = v["problems"][1]["message"].as_str().unwrap();
        assert!(message.contains("carriage return"), "{message}");
    }
    let lower = check(&["--as-of", "2025-01-01"], &TD3.to_lowercase());
    assert_eq!(lower[0]["format"], "TD3");
    assert_eq!(lower[0]["valid"], false);
}

#[test]
fn json_lines_give_one_object_per_line_even_when_unreadable() {
    let input = [
        "\u{FEFF}".to_owned() + &serde_json::json!({ "mrz": TD3 }).to_string(),
        "{\"mrz\": \"P<UTO".to_owned(),
        String::new(),
        serde_json::json!({ "zone": TD3 }).to_string(),
        serde_json::json!({ "mrz": TD1, "id": 7 }).to_string(),
        serde_json::json!({ "mrz": TD3.replace('\n', "\r\n") }).to_string() + "\r",
    ]
    .join("\n");
    let out = check(&["--jsonl", "--as-of", "2010-01-01"], &input);
    assert_eq!(out.len(), 5, "a blank line is no record: {out:?}");
    assert_eq!(out[0]["valid"], true);
    assert_eq!(
        codes(&out[0], "warnings"),
        [
            "issuing_state:special_code:UTO",
            "nationality:special_code:UTO"
        ],
        "not expired as of 2010"
    );
    assert_eq!(out[0]["expired"], false);
    assert_eq!(out[1]["format"], Value::Null);
    assert_eq!(codes(&out[1], "failing_checks"), ["structure:invalid_json"]);
    assert!(out[1]["problems"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("line 2 is not JSON"));
    assert_eq!(codes(&out[2], "failing_checks"), ["structure:missing_mrz"]);
    assert_eq!(out[3]["format"], "TD1");
    assert_eq!(out[3]["valid"], true);
    assert_eq!(out[4]["valid"], false, "the \\r inside the string stays");
}

#[test]
fn national_numbers_in_the_optional_data_are_decoded_and_compared() {
    // A Serbian identity card with the JMBG of a woman born on 1 March 1985
    // in Belgrade.
    let jmbg = jmbg("010398571500");
    let zone = td1("123456789", &jmbg, "850301", 'F', "301231", "SRB");
    let out = check(&["--as-of", "2025-01-01"], &zone);
    assert_eq!(out[0]["valid"], true, "{}", out[0]);
    let n = &out[0]["national_number"];
    assert_eq!(n["scheme"], "jmbg");
    assert_eq!(n["birth_date"], "1985-03-01");
    assert_eq!(n["sex"], "F");
    assert_eq!(n["region"], "Belgrade, Serbia");
    assert_eq!(n["consistent"], true);

    // The same number on a card whose date of birth was altered: the zone
    // is consistent in itself, the number is not.
    let altered = td1("123456789", &jmbg, "850302", 'F', "301231", "SRB");
    let out = check(&["--as-of", "2025-01-01"], &altered);
    assert_eq!(out[0]["valid"], true);
    let n = &out[0]["national_number"];
    assert_eq!(n["consistent"], false, "{}", out[0]);
    assert_eq!(n["problems"][0]["code"], "national_number:birth_date");
}

/// A JMBG: the first 12 digits and their check digit.
fn jmbg(first12: &str) -> String {
    let w = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first12
        .bytes()
        .zip(w)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let m = 11 - sum % 11;
    format!("{first12}{}", if m > 9 { 0 } else { m })
}

fn check_digit(text: &str) -> u32 {
    text.bytes()
        .zip([7, 3, 1].iter().cycle())
        .map(|(b, w)| {
            let v = match b {
                b'0'..=b'9' => u32::from(b - b'0'),
                b'A'..=b'Z' => u32::from(b - b'A') + 10,
                _ => 0,
            };
            v * w
        })
        .sum::<u32>()
        % 10
}

/// A TD1 identity card zone with every check digit right.
fn td1(number: &str, optional: &str, birth: &str, sex: char, expiry: &str, state: &str) -> String {
    let line1 = format!("ID{state}{number}{}{optional:<<15}", check_digit(number));
    let mut line2 = format!(
        "{birth}{}{sex}{expiry}{}{state}<<<<<<<<<<<",
        check_digit(birth),
        check_digit(expiry)
    );
    let composite = format!(
        "{}{}{}{}",
        &line1[5..30],
        &line2[0..7],
        &line2[8..15],
        &line2[18..29]
    );
    line2.push_str(&check_digit(&composite).to_string());
    format!("{line1}\n{line2}\nPETROVIC<<JELENA<<<<<<<<<<<<<<")
}

#[test]
fn an_as_of_date_that_is_not_a_date_is_refused() {
    Command::cargo_bin("corridor")
        .unwrap()
        .args(["mrz", "check", "--as-of", "2025-02-30"])
        .write_stdin(TD3)
        .assert()
        .failure()
        .stderr(predicates::str::contains("YYYY-MM-DD"));
}

/// The evaluation vectors through the binary, as held-out vectors are
/// checked: format, validity, fields, check digits and failing checks. The
/// vectors give dates as their six characters.
#[test]
fn the_evaluation_vectors_pass_through_the_binary() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/mrz/vectors.jsonl");
    let vectors: Vec<Value> = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let input: String = vectors
        .iter()
        .map(|v| serde_json::json!({ "mrz": v["mrz"] }).to_string() + "\n")
        .collect();
    let out = check(&["--jsonl"], &input);
    assert_eq!(out.len(), vectors.len());
    let set = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect()
    };
    for (i, (expected, got)) in vectors.iter().zip(&out).enumerate() {
        let at = format!("vector {}", i + 1);
        assert_eq!(expected["format"], got["format"], "{at}");
        assert_eq!(expected["valid"], got["valid"], "{at}");
        assert_eq!(expected["check_digits"], got["check_digits"], "{at}");
        assert_eq!(
            set(&expected["failing_checks"]),
            set(&got["failing_checks"]),
            "{at}"
        );
        // `warnings` as the vectors list them, exactly, whatever the date.
        assert_eq!(set(&expected["warnings"]), set(&got["warnings"]), "{at}");
        for (name, value) in expected["expected"].as_object().unwrap() {
            let key = match name.as_str() {
                "birth_date" | "expiry_date" => format!("{name}_raw"),
                _ => name.clone(),
            };
            assert_eq!(value, &got["fields"][&key], "{at}: {name}");
        }
    }
}
