//! `corridor encode` and `corridor link-encoded`, driven as two partners
//! would: each encodes its own file, one links the two.

use std::path::Path;

use corridor_pprl::ClkFile;
use predicates::prelude::*;

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pprl")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

mod common;
use common::Node;

impl Node {
    fn encode_uk(&self, key: &str, out: &str) {
        self.ok(&[
            "encode",
            "--key-file",
            key,
            "--in",
            &data("uk.csv"),
            "--id",
            "rec_id",
            "--as",
            "GBR-BSC",
            "--for",
            "SRB-MUP",
            "--out",
            out,
        ]);
    }

    fn encode_srb(&self, key: &str, out: &str) {
        self.ok(&[
            "encode",
            "--key-file",
            key,
            "--in",
            &data("srb.csv"),
            "--id",
            "id",
            "--config",
            &data("srb.toml"),
            "--as",
            "SRB-MUP",
            "--for",
            "GBR-BSC",
            "--out",
            out,
        ]);
    }

    /// The (left, right) id pairs of a pairs.csv.
    fn pairs(&self, name: &str) -> Vec<(String, String)> {
        let text = std::fs::read_to_string(self.path(name)).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("left_id,right_id,similarity"));
        lines
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                assert_eq!(f.len(), 3, "{l}");
                let s: f64 = f[2].parse().unwrap();
                assert!((0.0..=1.0).contains(&s), "{l}");
                (f[0].to_owned(), f[1].to_owned())
            })
            .collect()
    }
}

fn expected() -> Vec<(String, String)> {
    std::fs::read_to_string(data("expected_pairs.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (a, b) = l.split_once(',').unwrap();
            (a.to_owned(), b.to_owned())
        })
        .collect()
}

#[test]
fn two_partners_link_across_scripts_without_sharing_names() {
    let node = Node::new();
    let key = data("test.key");
    node.encode_uk(&key, "uk.clk");
    node.encode_srb(&key, "srb.clk");
    let summary = node.ok(&["link-encoded", "uk.clk", "srb.clk", "--out", "pairs.csv"]);
    assert!(summary.contains("one-to-one matches"), "{summary}");
    // Cyrillic and Greek records meet their Latin ones; the namesake born
    // sixteen years apart (Fatima Khalil) and the unmatched do not.
    assert_eq!(node.pairs("pairs.csv"), expected());
}

#[test]
fn different_keys_give_no_links() {
    let node = Node::new();
    std::fs::write(node.path("other.key"), [0x5au8; 32]).unwrap();
    node.encode_uk(&data("test.key"), "uk.clk");
    node.encode_srb(node.path("other.key").to_str().unwrap(), "srb.clk");
    node.ok(&["link-encoded", "uk.clk", "srb.clk", "--out", "pairs.csv"]);
    assert_eq!(node.pairs("pairs.csv"), vec![]);
}

#[test]
fn a_clk_file_holds_no_name_no_date_and_no_key() {
    let node = Node::new();
    let key = data("test.key");
    node.encode_uk(&key, "uk.clk");
    node.encode_srb(&key, "srb.clk");
    let key_bytes = std::fs::read(&key).unwrap();
    for (csv, clk) in [("uk.csv", "uk.clk"), ("srb.csv", "srb.clk")] {
        let bytes = std::fs::read(node.path(clk)).unwrap();
        let text = std::fs::read_to_string(data(csv)).unwrap();
        for line in text.lines().skip(1) {
            // Names and dates, as written, in lower case and in upper
            // case. (Nationality codes are left out: the header names
            // the pair of agencies, GBR-BSC+SRB-MUP.)
            for value in line.split(',').skip(1).take(3) {
                for form in [value.to_owned(), value.to_lowercase(), value.to_uppercase()] {
                    assert!(
                        !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                        "{clk} contains {form:?}"
                    );
                }
            }
        }
        assert!(!bytes
            .windows(16)
            .any(|w| key_bytes.windows(16).any(|k| k == w)));
        let file = ClkFile::parse(&bytes).unwrap();
        assert_eq!(file.len(), 8);
        assert_eq!(file.pair, "GBR-BSC+SRB-MUP");
    }
}

#[test]
fn files_of_different_schemas_or_pairs_are_refused() {
    let node = Node::new();
    let key = data("test.key");
    node.encode_uk(&key, "uk.clk");
    // The same file without its nationality column: another schema.
    let text = std::fs::read_to_string(data("uk.csv")).unwrap();
    let cut: String = text
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_owned() + "\n")
        .collect();
    std::fs::write(node.path("cut.csv"), cut).unwrap();
    node.ok(&[
        "encode",
        "--key-file",
        &key,
        "--in",
        "cut.csv",
        "--id",
        "rec_id",
        "--as",
        "GBR-BSC",
        "--for",
        "SRB-MUP",
        "--out",
        "cut.clk",
    ]);
    node.cmd()
        .args(["link-encoded", "uk.clk", "cut.clk", "--out", "p.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("different schemas"));
    node.ok(&[
        "encode",
        "--key-file",
        &key,
        "--in",
        &data("uk.csv"),
        "--id",
        "rec_id",
        "--as",
        "GBR-BSC",
        "--for",
        "MKD-MVR",
        "--out",
        "mkd.clk",
    ]);
    node.cmd()
        .args(["link-encoded", "uk.clk", "mkd.clk", "--out", "p.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("GBR-BSC+MKD-MVR"));
    assert!(!node.path("p.csv").exists());
}

#[test]
fn bad_input_gets_a_located_error() {
    let node = Node::new();
    let key = data("test.key");
    std::fs::write(node.path("short.key"), b"abc").unwrap();
    node.cmd()
        .args([
            "encode",
            "--key-file",
            "short.key",
            "--in",
            &data("uk.csv"),
            "--id",
            "rec_id",
            "--out",
            "x.clk",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("at least 16"));
    std::fs::write(node.path("dup.csv"), "rec_id,surname\na,Smith\na,Jones\n").unwrap();
    node.cmd()
        .args([
            "encode",
            "--key-file",
            &key,
            "--in",
            "dup.csv",
            "--id",
            "rec_id",
            "--out",
            "x.clk",
        ])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("dup.csv:3: rec_id:").and(predicate::str::contains("line 2")),
        );
    std::fs::write(node.path("junk.clk"), b"CRDR-CLK\x01\x00").unwrap();
    node.encode_uk(&key, "uk.clk");
    node.cmd()
        .args(["link-encoded", "uk.clk", "junk.clk", "--out", "p.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("junk.clk: byte 10"));
    assert!(!node.path("x.clk").exists());
}

#[test]
fn protected_people_are_never_encoded_from_the_store() {
    let node = Node::new();
    let key = data("test.key");
    node.ok(&["init"]);
    node.ok(&["import", &data("store.jsonl")]);
    let out = node
        .cmd()
        .args([
            "encode",
            "--key-file",
            &key,
            "--from-store",
            "--as",
            "GBR-BSC",
            "--for",
            "SRB-MUP",
            "--out",
            "store.clk",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("3 protected people"), "{stderr}");
    assert!(stderr.contains("1 not releasable"), "{stderr}");
    let file = ClkFile::parse(&std::fs::read(node.path("store.clk")).unwrap()).unwrap();
    assert_eq!(
        file.ids,
        ["GBR-BSC-2025-0900#p1", "GBR-BSC-2025-0901#p2"],
        "only the suspect and the migrant releasable to SRB-MUP"
    );
    // The partner's own file holds the victim, the witness and the
    // returnee: none of them is found.
    // (The Serbian file has the store's five fields: the same schema.)
    node.encode_srb(&key, "srb-side.clk");
    node.ok(&[
        "link-encoded",
        "store.clk",
        "srb-side.clk",
        "--out",
        "pairs.csv",
    ]);
    let pairs = node.pairs("pairs.csv");
    assert_eq!(
        pairs,
        [
            ("GBR-BSC-2025-0900#p1".to_owned(), "s-2".to_owned()),
            ("GBR-BSC-2025-0901#p2".to_owned(), "s-1".to_owned())
        ]
    );
}
