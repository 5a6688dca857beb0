//! Resolution inside the store, driven through the real binary: incremental
//! runs equal a relink of everything, reviewers' decisions survive later
//! runs, a split and its undo restore the entities exactly, and a phone
//! shared by a safe house does not merge the people who used it, nor
//! copies of a specimen passport their carriers.

use std::collections::BTreeMap;

mod common;
use common::Node;

impl Node {
    /// The small scenario's report files, sorted.
    fn scenario(&self, seed: &str) -> Vec<String> {
        self.ok(&["scenario", "--seed", seed, "--size", "small", "--out", "sc"]);
        let mut files: Vec<String> = std::fs::read_dir(self.path("sc"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| p.to_str().unwrap().to_owned())
            .collect();
        files.sort();
        files
    }

    fn import(&self, db: &str, files: &[String]) {
        let mut args = vec!["--db", db, "import"];
        args.extend(files.iter().map(String::as_str));
        self.ok(&args);
    }

    /// mention → entity, every resolved mention.
    fn entities(&self, db: &str) -> BTreeMap<String, String> {
        let csv = self.ok(&["--db", db, "entities"]);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("mention,kind,entity"));
        lines
            .map(|l| {
                let mut f = l.split(',');
                let mention = f.next().unwrap().to_owned();
                let _kind = f.next().unwrap();
                (mention, f.next().unwrap().to_owned())
            })
            .collect()
    }

    fn copy(&self, from: &str, to: &str) {
        std::fs::copy(self.path(from), self.path(to)).unwrap();
    }
}

/// Mention sets of the entities, so that two resolutions compare as
/// partitions whatever their entity ids.
fn partition(entities: &BTreeMap<String, String>) -> Vec<Vec<String>> {
    let mut groups: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (m, e) in entities {
        groups.entry(e).or_default().push(m.clone());
    }
    let mut p: Vec<Vec<String>> = groups.into_values().collect();
    p.sort();
    p
}

#[test]
fn an_incremental_run_equals_a_relink_of_everything() {
    let node = Node::new();
    let files = node.scenario("5");
    node.ok(&["--db", "a.db", "init"]);
    // Most agencies first; the rest arrive later, in two batches.
    let (first, rest) = files.split_at(files.len() - 3);
    node.import("a.db", first);
    let full = node.ok(&["--db", "a.db", "resolve"]);
    assert!(full.starts_with("full run: resolved"), "{full}");
    let before = node.entities("a.db");
    node.import("a.db", &rest[..1]);
    let inc = node.ok(&["--db", "a.db", "resolve"]);
    assert!(inc.starts_with("incremental run: resolved"), "{inc}");
    node.import("a.db", &rest[1..]);
    node.ok(&["--db", "a.db", "resolve"]);
    let incremental = node.entities("a.db");
    assert!(
        incremental.len() > before.len(),
        "the later reports' mentions were resolved"
    );
    node.copy("a.db", "b.db");
    let relink = node.ok(&["--db", "b.db", "resolve", "--relink"]);
    assert!(relink.starts_with("relink run: resolved"), "{relink}");
    let relinked = node.entities("b.db");
    assert_eq!(
        incremental, relinked,
        "incremental = relink, entity ids too"
    );
    // And a run with nothing new changes nothing.
    let again = node.ok(&["--db", "a.db", "resolve"]);
    assert!(
        again.contains("(0 new)") && again.contains("0 mentions moved"),
        "{again}"
    );
    assert_eq!(node.entities("a.db"), incremental);
}

/// The first pair in the review queue, as two mention ids.
fn first_queued(node: &Node, db: &str) -> (String, String) {
    let queue = node.ok(&["--db", db, "review", "--limit", "5"]);
    let line = queue
        .lines()
        .find(|l| l.trim_start().starts_with("1."))
        .unwrap_or_else(|| panic!("a pair to review: {queue}"));
    let mut words = line.split_whitespace().skip(1);
    (
        words.next().unwrap().to_owned(),
        words.next().unwrap().to_owned(),
    )
}

#[test]
fn decisions_override_the_model_and_survive_later_runs() {
    let node = Node::new();
    let files = node.scenario("5");
    node.ok(&["--db", "a.db", "init"]);
    let (first, rest) = files.split_at(files.len() - 2);
    node.import("a.db", first);
    node.ok(&["--db", "a.db", "resolve"]);

    // Blind review shows no score; the normal view shows the waterfall.
    let (a, b) = first_queued(&node, "a.db");
    let blind = node.ok(&["--db", "a.db", "review", "show", &a, &b, "--blind"]);
    assert!(
        !blind.contains("probability") && blind.contains("as written"),
        "{blind}"
    );
    let open = node.ok(&["--db", "a.db", "review", "show", &a, &b]);
    assert!(
        open.contains("probability") && open.contains("prior"),
        "{open}"
    );

    // "Same" joins them, whatever the model thought.
    node.ok(&["--db", "a.db", "review", "decide", &a, &b, "same"]);
    let e = node.entities("a.db");
    assert_eq!(e[&a], e[&b]);
    // The decided pair leaves the queue.
    assert_ne!(first_queued(&node, "a.db"), (a.clone(), b.clone()));

    // "Different" on two mentions of one entity keeps them apart.
    let (c, d) = {
        let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (m, ent) in &e {
            groups.entry(ent).or_default().push(m);
        }
        let g = groups
            .values()
            .find(|g| g.len() >= 3 && !g.contains(&a.as_str()) && e[g[0]].starts_with("E-"))
            .expect("an entity of three mentions");
        (g[0].to_owned(), g[1].to_owned())
    };
    node.ok(&[
        "--db",
        "a.db",
        "review",
        "decide",
        &c,
        &d,
        "different",
        "--note",
        "two brothers",
    ]);
    let e = node.entities("a.db");
    assert_ne!(e[&c], e[&d]);

    // Both decisions hold through an incremental run, a relink and a
    // retrain.
    node.import("a.db", rest);
    for how in [&[][..], &["--relink"][..], &["--retrain"][..]] {
        let mut args = vec!["--db", "a.db", "resolve"];
        args.extend_from_slice(how);
        node.ok(&args);
        let e = node.entities("a.db");
        assert_eq!(e[&a], e[&b], "same holds after resolve {how:?}");
        assert_ne!(e[&c], e[&d], "different holds after resolve {how:?}");
    }

    // The history says who decided what.
    let history = node.ok(&["--db", "a.db", "review", "history"]);
    assert!(
        history.contains("tester") && history.contains("two brothers"),
        "{history}"
    );
    // A same that a different forbids is refused with the way out.
    let (ok, _, err) = node.run(&["--db", "a.db", "review", "decide", &c, &d, "same"]);
    assert!(!ok && err.contains("corridor undo"), "{err}");
}

#[test]
fn a_split_and_its_undo_restore_the_entities_exactly() {
    let node = Node::new();
    let files = node.scenario("6");
    node.ok(&["--db", "a.db", "init"]);
    node.import("a.db", &files);
    node.ok(&["--db", "a.db", "resolve"]);
    let before = node.entities("a.db");
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (m, e) in &before {
        groups.entry(e).or_default().push(m);
    }
    let (entity, members) = groups
        .iter()
        .filter(|(e, _)| e.starts_with("E-"))
        .max_by_key(|(_, g)| g.len())
        .unwrap();
    assert!(members.len() >= 4, "a person entity of several mentions");
    let detach = members[members.len() / 2..].to_vec();
    let mut args = vec!["--db", "a.db", "split", entity];
    args.extend(detach.iter().copied());
    args.extend(["--note", "two men"]);
    let out = node.ok(&args);
    let id = out
        .strip_prefix("decision ")
        .and_then(|r| r.split(':').next())
        .unwrap()
        .to_owned();
    let split = node.entities("a.db");
    assert_ne!(
        split[detach[0]], split[members[0]],
        "detached from the rest"
    );
    assert!(detach.iter().all(|m| split[*m] == split[detach[0]]));
    // The split holds through a retrain.
    node.ok(&["--db", "a.db", "resolve", "--retrain"]);
    assert_ne!(
        node.entities("a.db")[detach[0]],
        node.entities("a.db")[members[0]]
    );
    node.ok(&["--db", "a.db", "undo", &id]);
    assert_eq!(node.entities("a.db"), before, "undo restores every entity");
    let shown = node.ok(&["--db", "a.db", "show", entity]);
    assert!(
        shown.contains("review history")
            && shown.contains("(undone)")
            && shown.contains("undo decision"),
        "{shown}"
    );
    // Undoing the undo splits again.
    let history = node.ok(&["--db", "a.db", "review", "history"]);
    let undo_id = history
        .lines()
        .find(|l| l.contains("undo decision"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_owned();
    node.ok(&["--db", "a.db", "undo", &undo_id]);
    assert_eq!(partition(&node.entities("a.db")), partition(&split));
}

#[test]
fn a_phone_shared_by_a_safe_house_does_not_merge_its_users() {
    let node = Node::new();
    let files = node.scenario("5");
    // Twelve men in one safe house, all reported using the house phone.
    let names = [
        ("Ahmad", "Nouri", "1990-03-01"),
        ("Farid", "Rahimi", "1988-07-12"),
        ("Omar", "Haddad", "1995-01-30"),
        ("Yusuf", "Karimi", "1979-11-02"),
        ("Bilal", "Saleh", "2001-05-17"),
        ("Hamid", "Zaheer", "1993-09-09"),
        ("Karim", "Mansour", "1985-12-24"),
        ("Samir", "Aziz", "1998-02-14"),
        ("Tariq", "Hussaini", "1991-06-06"),
        ("Walid", "Jaber", "1987-08-19"),
        ("Zaki", "Osmani", "1996-04-04"),
        ("Nabil", "Qureshi", "1983-10-10"),
    ];
    let mut lines = String::new();
    for (i, (g, s, dob)) in names.iter().enumerate() {
        lines.push_str(&format!(
            r#"{{"id":"SRB-MUP-2025-9{i:05}","kind":"intelligence_note","agency":"SRB-MUP","occurred_at":"2025-04-0{}","evaluation":"B2","handling":"H0","entities":[{{"ref":"p1","type":"person","role":"suspect","given_name":"{g}","family_name":"{s}","birth_date":"{dob}","sex":"M","nationality":"SYR"}},{{"ref":"ph1","type":"phone","number":"+381 64 700 1234"}}],"links":[{{"from":"p1","type":"uses_phone","to":"ph1"}}]}}"#,
            1 + i % 9
        ));
        lines.push('\n');
    }
    std::fs::write(node.path("safehouse.jsonl"), lines).unwrap();
    node.ok(&["--db", "a.db", "init"]);
    node.import("a.db", &files);
    node.import(
        "a.db",
        &[node.path("safehouse.jsonl").to_str().unwrap().to_owned()],
    );
    node.ok(&["--db", "a.db", "resolve"]);
    let e = node.entities("a.db");
    let people: std::collections::BTreeSet<&String> = (0..names.len())
        .map(|i| &e[&format!("SRB-MUP-2025-9{i:05}#p1")])
        .collect();
    assert_eq!(people.len(), names.len(), "twelve men, twelve entities");
    // The phone itself is one entity with twelve mentions.
    let phones: std::collections::BTreeSet<&String> = (0..names.len())
        .map(|i| &e[&format!("SRB-MUP-2025-9{i:05}#ph1")])
        .collect();
    assert_eq!(phones.len(), 1);
    let phone = phones.into_iter().next().unwrap();
    let shown = node.ok(&["--db", "a.db", "show", phone]);
    assert!(shown.contains("(phone) — 12 mentions"), "{shown}");
}

#[test]
fn copies_of_a_specimen_passport_are_documents_of_their_own() {
    let node = Node::new();
    // Three men carrying copies of ICAO's specimen passport, and one real
    // passport seen twice.
    let report = |i: usize, given: &str, family: &str, number: &str| {
        format!(
            r#"{{"id":"SRB-MUP-2025-8{i:05}","kind":"document_check","agency":"SRB-MUP","occurred_at":"2025-05-0{}","evaluation":"B2","handling":"H0","entities":[{{"ref":"p1","type":"person","role":"smuggled_migrant","given_name":"{given}","family_name":"{family}","sex":"M"}},{{"ref":"d1","type":"document","number":"{number}","document_type":"passport"}}],"links":[{{"from":"p1","type":"holds_document","to":"d1"}}]}}"#,
            1 + i
        )
    };
    let lines = [
        report(0, "Ahmad", "Nouri", "L898902C3"),
        report(1, "Farid", "Rahimi", "L89 8902 C3"),
        report(2, "Omar", "Haddad", "l898902c3"),
        report(3, "Yusuf", "Karimi", "P12345678"),
        report(4, "Yusuf", "Karimi", "P12345678"),
    ]
    .join("\n");
    std::fs::write(node.path("docs.jsonl"), lines).unwrap();
    node.ok(&["--db", "a.db", "init"]);
    node.import(
        "a.db",
        &[node.path("docs.jsonl").to_str().unwrap().to_owned()],
    );
    node.ok(&["--db", "a.db", "resolve"]);
    let e = node.entities("a.db");
    let doc = |i: usize| e[&format!("SRB-MUP-2025-8{i:05}#d1")].clone();
    let specimens: std::collections::BTreeSet<String> = (0..3).map(doc).collect();
    assert_eq!(specimens.len(), 3, "three copies, three documents: {e:?}");
    assert_eq!(doc(3), doc(4), "a real number is one document");
    // Nor does the specimen's number make its carriers one man.
    let people: std::collections::BTreeSet<&String> = (0..3)
        .map(|i| &e[&format!("SRB-MUP-2025-8{i:05}#p1")])
        .collect();
    assert_eq!(people.len(), 3);
    // The network ties no carrier to another through the specimen.
    let csv = node.ok(&["--db", "a.db", "network", "communities", "--format", "csv"]);
    let community: BTreeMap<&str, &str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .collect();
    let of = |i: usize| community[e[&format!("SRB-MUP-2025-8{i:05}#p1")].as_str()];
    assert_ne!(of(0), of(1), "{csv}");
    assert_ne!(of(1), of(2), "{csv}");
}

#[test]
fn review_next_works_through_the_queue_from_standard_input() {
    let node = Node::new();
    let files = node.scenario("5");
    node.ok(&["--db", "a.db", "init"]);
    node.import("a.db", &files);
    node.ok(&["--db", "a.db", "resolve"]);
    assert!(node
        .ok(&["--db", "a.db", "review", "history"])
        .contains("no decisions recorded"));
    let out = node
        .cmd()
        .args([
            "--db", "a.db", "review", "next", "--blind", "--by", "tester",
        ])
        .write_stdin("maybe\ns\nk\nd\nq\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("answer s, d, k or q"), "{stderr}");
    assert!(!stdout.contains("probability"), "blind: no score\n{stdout}");
    // Three pairs answered (same, skip, different); then quit.
    assert_eq!(stdout.matches("decision ").count(), 3, "{stdout}");
    assert!(
        stdout.contains("2 pairs decided in this session"),
        "{stdout}"
    );
    let after = node.ok(&["--db", "a.db", "review", "history"]);
    assert_eq!(after.lines().count(), 3, "{after}");
    for word in [" same ", " skip ", " different "] {
        assert!(after.contains(word), "{word} missing from {after}");
    }
}
