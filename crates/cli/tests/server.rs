//! The node's HTTP API, driven through the real binary: `corridor serve`
//! on a free loopback port, users and tokens made with the CLI, requests
//! over a plain TCP socket. Checks authentication before routing, the
//! role × endpoint matrix, what each partner agency receives (pseudonyms,
//! no protected marker anywhere: bodies, exports, errors, logs), input
//! robustness, the audit chain while serving, and that kill -9 during
//! writes loses no acknowledged write or its audit entry.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

const FIXTURE: &str = "tests/data/server/reports.jsonl";

/// Strings planted in protected content: no partner may ever see one.
const PROTECTED_MARKERS: &[&str] = &[
    "Markervictim",
    "Markervictimalias",
    "Markerwitness",
    "Markerreturnee",
    "Markerplace",
    "Markernote",
    "Markersummaryone",
    "555 0101",
    "1994-02-11",
];

mod common;
use common::Node;

impl Node {
    /// A user and a token for them; returns the token.
    fn user(&self, name: &str, agency: &str, role: &str) -> String {
        self.ok(&["user", "add", name, "--agency", agency, "--role", role]);
        let out = self.ok(&["token", "create", "--user", name]);
        out.lines().last().unwrap().trim().to_owned()
    }

    fn serve(&self, log: &str) -> Server {
        self.serve_with(log, &[])
    }

    fn serve_with(&self, log: &str, extra: &[&str]) -> Server {
        let log = std::fs::File::create(self.path(log)).unwrap();
        let mut child = self
            .std_cmd()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Server { child, addr }
    }
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Server {
    fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        extra: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Reply> {
        let mut s = TcpStream::connect(&self.addr)?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if let Some(t) = token {
            head.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        for (k, v) in extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes())?;
        // A server may answer (413) before reading a large body.
        let _ = s.write_all(body);
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        // A server killed mid-request closes the connection unanswered:
        // an error for the caller, as a refused connection is.
        let status = headers
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    format!("no status in {headers:?}"),
                )
            })?;
        Ok(Reply {
            status,
            headers: headers.to_owned(),
            body: body.to_owned(),
        })
    }

    fn get(&self, path: &str, token: &str) -> Reply {
        self.request("GET", path, Some(token), &[], b"").unwrap()
    }

    fn post(&self, path: &str, token: &str, body: &str) -> Reply {
        self.request("POST", path, Some(token), &[], body.as_bytes())
            .unwrap()
    }
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

/// A node for GBR-BSC holding the fixture, resolved, with one user per
/// agency and role that the tests need.
struct World {
    node: Node,
    tokens: BTreeMap<&'static str, String>,
    /// Entity ids by mention.
    entities: BTreeMap<String, String>,
}

fn world() -> World {
    let node = Node::new();
    node.ok(&["init"]);
    node.ok(&["import", fixture().to_str().unwrap()]);
    node.ok(&["resolve"]);
    let entities = node
        .ok(&["entities"])
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f.len() == 3).then(|| (f[0].to_owned(), f[2].to_owned()))
        })
        .collect();
    let mut tokens = BTreeMap::new();
    for (name, agency, role) in [
        ("gbr-analyst", "GBR-BSC", "analyst"),
        ("gbr-liaison", "GBR-BSC", "liaison"),
        ("srb-liaison", "SRB-MUP", "liaison"),
        ("gbr-auditor", "GBR-BSC", "auditor"),
        ("srb-analyst", "SRB-MUP", "analyst"),
        ("srb-officer", "SRB-MUP", "border_officer"),
        ("srb-case", "SRB-MUP", "case_officer"),
        ("mkd-analyst", "MKD-MVR", "analyst"),
        ("frontex-analyst", "FRONTEX", "analyst"),
    ] {
        tokens.insert(name, node.user(name, agency, role));
    }
    World {
        node,
        tokens,
        entities,
    }
}

#[test]
fn every_path_but_two_needs_a_token_before_routing() {
    let w = world();
    let s = w.node.serve("serve.log");
    for path in [
        "/v1/nothing",
        "/v1/reports/GBR-BSC-2025-000001",
        "/v1/audit",
        "/elsewhere",
    ] {
        let r = s.request("GET", path, None, &[], b"").unwrap();
        assert_eq!(r.status, 401, "{path}: {}", r.body);
        assert!(r
            .headers
            .to_lowercase()
            .contains("www-authenticate: bearer"));
        assert_eq!(r.json()["error"], "unauthorized");
        let r = s.request("GET", path, Some("ctk_0000"), &[], b"").unwrap();
        assert_eq!(r.status, 401);
    }
    // With a token, an unknown path is simply not found.
    let t = &w.tokens["gbr-analyst"];
    assert_eq!(s.get("/v1/nothing", t).status, 404);
    let health = s.request("GET", "/v1/health", None, &[], b"").unwrap();
    assert_eq!(health.status, 200);
    let doc = s
        .request("GET", "/v1/openapi.json", None, &[], b"")
        .unwrap()
        .json();
    assert_eq!(doc["openapi"], "3.0.3");
    // Every documented path is served: with a token, none is "no such path".
    for (path, item) in doc["paths"].as_object().unwrap() {
        let concrete = path.replace("{id}", "X");
        for method in item.as_object().unwrap().keys() {
            let r = s
                .request(&method.to_uppercase(), &concrete, Some(t), &[], b"")
                .unwrap();
            assert!(
                !r.body.contains("no such path"),
                "{method} {path} is documented but not served"
            );
        }
    }
    // A revoked token stops working at once, while the server runs.
    w.node.ok(&["token", "revoke", "gbr-analyst"]);
    assert_eq!(s.get("/v1/entities?q=dragan", t).status, 401);
}

/// Which endpoints each role may use; 403 for the rest.
#[test]
fn the_role_endpoint_matrix_holds() {
    let w = world();
    let s = w.node.serve("serve.log");
    let own_report = |agency: &str, n: u32| {
        format!(
            r#"{{"id":"{agency}-2025-{n:06}","kind":"arrest","agency":"{agency}","occurred_at":"2025-06-01","evaluation":"B2","handling":"H0"}}"#
        )
    };
    let entity = &w.entities["GBR-BSC-2025-000001#p1"];
    let endpoints: Vec<(&str, String)> = vec![
        ("read_report", "/v1/reports/GBR-BSC-2025-000001".into()),
        ("create_report", "/v1/reports".into()),
        ("import_reports", "/v1/reports/batch".into()),
        ("search_entities", "/v1/entities?q=dragan".into()),
        ("read_entity", format!("/v1/entities/{entity}")),
        ("read_links", format!("/v1/entities/{entity}/links")),
        ("export_for_partner", "/v1/exports/SRB-MUP".into()),
        ("read_audit", "/v1/audit".into()),
        ("administer", "/v1/admin/users".into()),
    ];
    let allowed: BTreeMap<&str, &[&str]> = BTreeMap::from([
        (
            "analyst",
            &[
                "read_report",
                "create_report",
                "import_reports",
                "search_entities",
                "read_entity",
                "read_links",
            ][..],
        ),
        (
            "border_officer",
            &[
                "read_report",
                "create_report",
                "search_entities",
                "read_entity",
            ][..],
        ),
        ("case_officer", &["search_entities", "read_entity"][..]),
        (
            "liaison",
            &[
                "read_report",
                "search_entities",
                "read_entity",
                "read_links",
                "export_for_partner",
                "administer",
            ][..],
        ),
        ("auditor", &["read_audit"][..]),
    ]);
    let users = [
        ("gbr-analyst", "analyst", "GBR-BSC"),
        ("gbr-liaison", "liaison", "GBR-BSC"),
        ("gbr-auditor", "auditor", "GBR-BSC"),
        ("srb-analyst", "analyst", "SRB-MUP"),
        ("srb-officer", "border_officer", "SRB-MUP"),
        ("srb-case", "case_officer", "SRB-MUP"),
    ];
    let mut n = 100;
    for (user, role, agency) in users {
        let t = &w.tokens[user];
        for (action, path) in &endpoints {
            n += 1;
            let r = match *action {
                "create_report" => s.post(path, t, &own_report(agency, n)),
                "import_reports" => s.post(path, t, &(own_report(agency, n) + "\n")),
                _ => s.get(path, t),
            };
            let may = allowed[role].contains(action);
            if may {
                assert!(
                    [200, 201].contains(&r.status),
                    "{user} ({role}) {action}: {} {}",
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(r.status, 403, "{user} ({role}) {action}: {}", r.body);
                assert_eq!(r.json()["error"], "forbidden");
            }
        }
    }
}

#[test]
fn each_partner_sees_what_is_released_to_it_and_no_protected_marker_anywhere() {
    let w = world();
    let s = w.node.serve("serve.log");
    let mut seen_by_partners = String::new();
    let mut pseudonyms = Vec::new();
    for user in ["srb-analyst", "mkd-analyst"] {
        let r = s.get("/v1/reports/GBR-BSC-2025-000001", &w.tokens[user]);
        assert_eq!(r.status, 200, "{user}: {}", r.body);
        let v = r.json();
        let victim = v["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["ref"] == "v1")
            .unwrap()
            .clone();
        assert_eq!(victim["role"], "victim");
        assert_eq!(victim["birth_date"], "1994", "only the year: {victim}");
        let name = victim["full_name"].as_str().unwrap().to_owned();
        assert!(name.starts_with("PSN-"), "{name}");
        pseudonyms.push(name);
        assert!(r.body.contains("Markersuspect"), "suspects are shown");
        seen_by_partners.push_str(&r.body);
    }
    assert_ne!(pseudonyms[0], pseudonyms[1], "two partners, two pseudonyms");

    // What is not released is not found, in the same words as what does not exist.
    let frontex = s.get(
        "/v1/reports/GBR-BSC-2025-000001",
        &w.tokens["frontex-analyst"],
    );
    let missing = s.get(
        "/v1/reports/GBR-BSC-2025-999999",
        &w.tokens["frontex-analyst"],
    );
    assert_eq!((frontex.status, missing.status), (404, 404));
    assert_eq!(
        frontex.json()["message"]
            .as_str()
            .unwrap()
            .replace("000001", "X"),
        missing.json()["message"]
            .as_str()
            .unwrap()
            .replace("999999", "X")
    );
    // Another agency's H2 report is not passed on; an unreleased one not shown.
    let h2 = s.get("/v1/reports/SRB-MUP-2025-000002", &w.tokens["mkd-analyst"]);
    assert_eq!(h2.status, 404);
    let own = s.get("/v1/reports/MKD-MVR-2025-000003", &w.tokens["mkd-analyst"]);
    assert_eq!(own.status, 200);
    assert!(
        own.body.contains("Markerreturnee"),
        "an agency sees its own"
    );
    let other = s.get("/v1/reports/MKD-MVR-2025-000003", &w.tokens["srb-analyst"]);
    assert_eq!(other.status, 404);
    // The home agency sees what it holds.
    let home = s.get("/v1/reports/SRB-MUP-2025-000002", &w.tokens["gbr-analyst"]);
    assert_eq!(home.status, 200);

    for (user, agency) in [
        ("srb-analyst", "SRB-MUP"),
        ("mkd-analyst", "MKD-MVR"),
        ("frontex-analyst", "FRONTEX"),
        ("srb-case", "SRB-MUP"),
    ] {
        let t = &w.tokens[user];
        for q in [
            "amina",
            "markervictim",
            "dragan",
            "markerwitness",
            "yusuf",
            "ilir",
        ] {
            let r = s.get(&format!("/v1/entities?q={q}"), t);
            seen_by_partners.push_str(&r.body);
        }
        for id in w.entities.values() {
            seen_by_partners.push_str(&s.get(&format!("/v1/entities/{id}"), t).body);
        }
        // Not its own reports: an agency sees its own protected people.
        for id in [
            "GBR-BSC-2025-000001",
            "SRB-MUP-2025-000002",
            "MKD-MVR-2025-000003",
        ]
        .into_iter()
        .filter(|id| !id.starts_with(agency))
        {
            seen_by_partners.push_str(&s.get(&format!("/v1/reports/{id}"), t).body);
        }
    }
    // A resolved entity shows a partner only the mentions it may see.
    let hidden = &w.entities["MKD-MVR-2025-000003#p1"];
    assert_eq!(
        s.get(&format!("/v1/entities/{hidden}"), &w.tokens["srb-analyst"])
            .status,
        404
    );
    let shown = &w.entities["GBR-BSC-2025-000001#p1"];
    let e = s.get(&format!("/v1/entities/{shown}"), &w.tokens["srb-analyst"]);
    assert_eq!(e.status, 200, "{}", e.body);
    assert!(e.body.contains("Markersuspect"));
    // The suspect smuggled the victim: the link is shown, its other end as
    // the partner's pseudonym, with no entity id.
    let links = s.get(
        &format!("/v1/entities/{shown}/links"),
        &w.tokens["srb-analyst"],
    );
    assert_eq!(links.status, 200, "{}", links.body);
    let l = links.json();
    let smuggled = l["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["type"] == "smuggled")
        .unwrap_or_else(|| panic!("{}", links.body))
        .clone();
    assert!(smuggled["other"]["full_name"]
        .as_str()
        .unwrap()
        .starts_with("PSN-"));
    assert!(smuggled["other_entity"].is_null());
    seen_by_partners.push_str(&links.body);

    // Partner exports, through the API and the CLI.
    // An agency's own reports come back whole; the rest as released.
    let not_own = |text: &str, agency: &str| -> String {
        text.lines()
            .filter(|l| !l.contains(&format!("\"agency\":\"{agency}\"")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let export = s.get("/v1/exports/SRB-MUP", &w.tokens["gbr-liaison"]);
    assert_eq!(export.status, 200);
    assert_eq!(
        export.body.lines().count(),
        2,
        "GBR's released report and SRB's own"
    );
    seen_by_partners.push_str(&not_own(&export.body, "SRB-MUP"));
    // The same as FollowTheMoney entities and statements: the victim a
    // pseudonym, the grading on every entity and row.
    let ftm = s.get("/v1/exports/SRB-MUP?format=ftm", &w.tokens["gbr-liaison"]);
    assert_eq!(ftm.status, 200, "{}", ftm.body);
    let gbr_entities: Vec<Value> = ftm
        .body
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["corridor"]["agency"] == "GBR-BSC")
        .collect();
    let victim = gbr_entities
        .iter()
        .find(|e| e["corridor"]["role"] == "victim")
        .unwrap();
    assert_eq!(victim["schema"], "Person");
    assert!(victim["properties"]["name"][0]
        .as_str()
        .unwrap()
        .starts_with("PSN-"));
    assert!(gbr_entities
        .iter()
        .all(|e| e["corridor"]["evaluation"] == "B2"));
    for e in &gbr_entities {
        seen_by_partners.push_str(&e.to_string());
    }
    let csv = s.get(
        "/v1/exports/SRB-MUP?format=ftm-csv",
        &w.tokens["gbr-liaison"],
    );
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.starts_with("id,entity_id,canonical_id,prop"),
        "{}",
        csv.body
    );
    // (Rows of SRB-MUP's own report hold its own witness.)
    for row in csv
        .body
        .lines()
        .filter(|l| !l.contains(",SRB-MUP-2025-000002,SRB-MUP,"))
    {
        seen_by_partners.push_str(row);
    }
    assert_eq!(
        s.get("/v1/exports/SRB-MUP?format=xml", &w.tokens["gbr-liaison"])
            .status,
        400
    );
    w.node
        .ok(&["export", "--for", "MKD-MVR", "--out", "for-mkd.jsonl"]);
    let cli_export = std::fs::read_to_string(w.node.path("for-mkd.jsonl")).unwrap();
    assert_eq!(cli_export.lines().count(), 2, "{cli_export}");
    assert!(cli_export.contains("PSN-"), "{cli_export}");
    seen_by_partners.push_str(&not_own(&cli_export, "MKD-MVR"));

    let mut log = String::new();
    drop(s);
    std::fs::File::open(w.node.path("serve.log"))
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(log.contains("request"), "the server logs requests");
    for marker in PROTECTED_MARKERS {
        assert!(
            !seen_by_partners.contains(marker),
            "{marker} reached a partner"
        );
        assert!(!log.contains(marker), "{marker} in the server log");
    }
    for secret in w.tokens.values() {
        assert!(!log.contains(secret.as_str()), "a token in the log");
    }
    assert!(!log.contains("dragan"), "search terms stay out of the log");
}

#[test]
fn a_copied_database_file_shows_no_protected_name() {
    let w = world();
    let mut bytes = std::fs::read(w.node.path("corridor.db")).unwrap();
    if let Ok(wal) = std::fs::read(w.node.path("corridor.db-wal")) {
        bytes.extend(wal);
    }
    // Their identifying fields, and the place only they were seen at.
    for marker in PROTECTED_MARKERS {
        assert!(
            !bytes
                .windows(marker.len())
                .any(|win| win == marker.as_bytes()),
            "{marker} is in the database file in the clear"
        );
    }
    assert!(bytes.windows(13).any(|win| win == b"Markersuspect"));
    // With the key beside the store, the node itself still reads them.
    let shown = w
        .node
        .ok(&["show", "GBR-BSC-2025-000001", "--reveal-protected"]);
    assert!(shown.contains("Markervictim"), "{shown}");
    // Without it, the store reads the withheld form.
    std::fs::rename(w.node.path("corridor.db.key"), w.node.path("elsewhere.key")).unwrap();
    let shown = w
        .node
        .ok(&["show", "GBR-BSC-2025-000001", "--reveal-protected"]);
    assert!(!shown.contains("Markervictim"), "{shown}");
    assert!(shown.contains("Markersuspect"), "{shown}");
}

#[test]
fn bad_input_gets_a_clear_4xx_and_changes_nothing() {
    let w = world();
    let s = w.node.serve("serve.log");
    let t = &w.tokens["srb-analyst"];
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("malformed JSON", "{\"id\": ".into(), 400, "not a report"),
        ("wrong type", r#"{"id": 7}"#.into(), 400, "not a report"),
        (
            "unknown field",
            r#"{"id":"SRB-MUP-2025-1","colour":"red"}"#.into(),
            400,
            "unknown field",
        ),
        (
            "invalid report",
            r#"{"id":"SRB-MUP-2025-000010","kind":"arrest","agency":"SRB-MUP","occurred_at":"2025-02-31","evaluation":"Z9","handling":"H0"}"#.into(),
            422,
            "problem",
        ),
        (
            "another agency's report",
            r#"{"id":"MKD-MVR-2025-000011","kind":"arrest","agency":"MKD-MVR","occurred_at":"2025-02-01","evaluation":"B2","handling":"H0"}"#.into(),
            403,
            "your own agency",
        ),
    ];
    for (what, body, status, says) in cases {
        let r = s.post("/v1/reports", t, &body);
        assert_eq!(r.status, status, "{what}: {}", r.body);
        let message = r.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains(says), "{what}: {message}");
    }
    let invalid = s.post(
        "/v1/reports",
        t,
        r#"{"id":"SRB-MUP-2025-000010","kind":"arrest","agency":"SRB-MUP","occurred_at":"2025-02-31","evaluation":"Z9","handling":"H0"}"#,
    );
    let details = invalid.json()["details"].clone();
    assert!(details.to_string().contains("occurred_at"), "{details}");
    assert!(details.to_string().contains("evaluation"), "{details}");

    // A body over the limit is refused whole.
    let huge = vec![b' '; 17 << 20];
    let r = s
        .request("POST", "/v1/reports/batch", Some(t), &[], &huge)
        .unwrap();
    assert_eq!(r.status, 413);
    // A batch with one bad line stores nothing.
    let batch = format!(
        "{}\n{}\n",
        r#"{"id":"SRB-MUP-2025-000020","kind":"arrest","agency":"SRB-MUP","occurred_at":"2025-02-01","evaluation":"B2","handling":"H0"}"#,
        r#"{"id":"SRB-MUP-2025-000021","kind":"arrest","agency":"SRB-MUP","occurred_at":"2025-02-01","evaluation":"B2"}"#
    );
    let r = s.post("/v1/reports/batch", t, &batch);
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("body:2"), "{}", r.body);
    assert_eq!(s.get("/v1/reports/SRB-MUP-2025-000020", t).status, 404);
    // A purpose that is not plain words is refused; a good one is audited.
    let r = s
        .request(
            "GET",
            "/v1/reports/GBR-BSC-2025-000001",
            Some(t),
            &[("X-Purpose", "<script>")],
            b"",
        )
        .unwrap();
    assert_eq!(r.status, 400);
    let r = s
        .request(
            "GET",
            "/v1/reports/GBR-BSC-2025-000001",
            Some(t),
            &[("X-Purpose", "operation Vardar")],
            b"",
        )
        .unwrap();
    assert_eq!(r.status, 200);
    let stored = r#"{"id":"SRB-MUP-2025-000030","kind":"arrest","agency":"SRB-MUP","occurred_at":"2025-02-01","evaluation":"B2","handling":"H0"}"#;
    assert_eq!(s.post("/v1/reports", t, stored).status, 201);
    assert_eq!(s.post("/v1/reports", t, stored).status, 200);
    let changed = stored.replace("B2", "C3");
    assert_eq!(s.post("/v1/reports", t, &changed).status, 409);

    // The audit chain verifies while the server runs, and names purposes.
    let (ok, stdout, _) = w.node.run(&["audit", "verify"]);
    assert!(ok, "{stdout}");
    let audit = s
        .get("/v1/audit?limit=1000", &w.tokens["gbr-auditor"])
        .json();
    let entries = audit["entries"].as_array().unwrap();
    assert!(entries
        .iter()
        .any(|e| e["purpose"] == "operation Vardar" && e["user"] == "srb-analyst"));
    assert!(entries
        .iter()
        .any(|e| e["action"] == "create_report" && e["target"] == "SRB-MUP-2025-000030"));
    assert_eq!(audit["chain"]["intact"], true);
}

#[test]
fn kill_9_during_writes_loses_no_acknowledged_write_or_its_audit() {
    let w = world();
    let t = w.tokens["srb-analyst"].clone();
    let mut acknowledged: Vec<String> = Vec::new();
    let mut next = 1000u32;
    for round in 0..3 {
        let mut s = w.node.serve(&format!("serve-{round}.log"));
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let addr = s.addr.clone();
        let token = t.clone();
        let start = next;
        next += 10_000;
        let writer = std::thread::spawn(move || {
            let probe = Server {
                child: Command::new("true").spawn().unwrap(),
                addr,
            };
            for n in start.. {
                let id = format!("SRB-MUP-2025-{n:06}");
                let body = format!(
                    r#"{{"id":"{id}","kind":"arrest","agency":"SRB-MUP","occurred_at":"2025-03-01","evaluation":"B2","handling":"H0"}}"#
                );
                match probe.request("POST", "/v1/reports", Some(&token), &[], body.as_bytes()) {
                    Ok(r) if r.status == 201 => {
                        if tx.send(id).is_err() {
                            break;
                        }
                    }
                    _ => break,
                }
            }
        });
        // Kill after the 25th acknowledgement, while writes are in flight.
        for _ in 0..25 {
            acknowledged.push(rx.recv().unwrap());
        }
        s.child.kill().unwrap(); // SIGKILL
        s.child.wait().unwrap();
        // Anything acknowledged between the last recv and the kill counts too.
        writer.join().unwrap();
        acknowledged.extend(rx.try_iter());
    }
    let s = w.node.serve("after.log");
    for id in &acknowledged {
        let r = s.get(&format!("/v1/reports/{id}"), &t);
        assert_eq!(r.status, 200, "acknowledged {id} was lost");
    }
    drop(s);
    let (ok, stdout, _) = w.node.run(&["audit", "verify"]);
    assert!(ok, "{stdout}");
    let log = w.node.ok(&["audit", "list", "--limit", "100000"]);
    for id in &acknowledged {
        assert!(
            log.lines()
                .any(|l| l.contains("\tcreate_report\t") && l.contains(id.as_str())),
            "no audit entry for acknowledged {id}"
        );
    }
}

/// A self-signed certificate for 127.0.0.1 made with the openssl command,
/// or `None` where there is none.
fn certificate(node: &Node) -> Option<(PathBuf, PathBuf)> {
    let (cert, key) = (node.path("cert.pem"), node.path("key.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .args([
            "-days",
            "2",
            "-subj",
            "/CN=corridor-test",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    matches!(made, Ok(s) if s.success()).then_some((cert, key))
}

#[test]
fn with_a_certificate_the_node_speaks_only_tls() {
    let w = world();
    let Some((cert, key)) = certificate(&w.node) else {
        eprintln!("no openssl command: skipped");
        return;
    };
    // A key that is not one is refused with the file named.
    let (ok, _, err) = w.node.run(&[
        "serve",
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        cert.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("cert.pem"), "{err}");
    let s = w.node.serve_with(
        "tls.log",
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    let curl = |args: &[&str]| {
        std::process::Command::new("curl")
            .args(["-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "10"])
            .args(args)
            .output()
    };
    let Ok(out) = curl(&[
        "--cacert",
        cert.to_str().unwrap(),
        &format!("https://{}/v1/health", s.addr),
    ]) else {
        eprintln!("no curl command: skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.ends_with("200") && text.contains("\"ok\""), "{text}");
    let token = &w.tokens["gbr-analyst"];
    let out = curl(&[
        "--cacert",
        cert.to_str().unwrap(),
        "-H",
        &format!("Authorization: Bearer {token}"),
        &format!("https://{}/v1/reports/GBR-BSC-2025-000001", s.addr),
    ])
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.ends_with("200") && text.contains("Markersuspect"),
        "{text}"
    );
    // Plain HTTP to the TLS port gets no HTTP answer (a TLS alert, or nothing).
    let mut raw = TcpStream::connect(&s.addr).unwrap();
    raw.write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    let _ = raw.read_to_end(&mut answer);
    assert!(!answer.starts_with(b"HTTP/"), "plain HTTP was answered");
}

#[test]
fn a_liaison_administers_its_own_agency_through_the_api() {
    let w = world();
    let s = w.node.serve("serve.log");
    let srb = &w.tokens["srb-liaison"];
    let gbr = &w.tokens["gbr-liaison"];
    let r = s.post(
        "/v1/admin/users",
        srb,
        r#"{"name":"srb-new","agency":"SRB-MUP","role":"analyst"}"#,
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let r = s.post(
        "/v1/admin/users",
        srb,
        r#"{"name":"mkd-new","agency":"MKD-MVR","role":"analyst"}"#,
    );
    assert_eq!(r.status, 403, "{}", r.body);
    let r = s.post(
        "/v1/admin/users",
        srb,
        r#"{"name":"srb-new","agency":"SRB-MUP","role":"analyst"}"#,
    );
    assert_eq!(r.status, 409, "a name is taken once: {}", r.body);
    let r = s.post(
        "/v1/admin/users",
        srb,
        r#"{"name":"x","agency":"SRB-MUP","role":"boss"}"#,
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("role"), "{}", r.body);
    // A token issued through the API works at once, and is shown only here.
    let issued = s.post("/v1/admin/tokens", srb, r#"{"user":"srb-new","days":7}"#);
    assert_eq!(issued.status, 201, "{}", issued.body);
    let issued = issued.json();
    let token = issued["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("ctk_") && token.len() == 68);
    assert_eq!(s.get("/v1/entities?q=dragan", &token).status, 200);
    // Another agency's liaison cannot see or revoke it; its own can.
    let id = issued["id"].as_str().unwrap();
    let mkd_try = s
        .request(
            "DELETE",
            &format!("/v1/admin/tokens/{id}"),
            Some(&w.tokens["mkd-analyst"]),
            &[],
            b"",
        )
        .unwrap();
    assert_eq!(mkd_try.status, 403);
    let r = s
        .request(
            "DELETE",
            &format!("/v1/admin/tokens/{id}"),
            Some(srb),
            &[],
            b"",
        )
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(s.get("/v1/entities?q=dragan", &token).status, 401);
    // Only the node's own agency adds agencies.
    let new_agency = r#"{"code":"HUN-ORFK","name":"Hungarian Police","country":"HUN"}"#;
    assert_eq!(s.post("/v1/admin/agencies", srb, new_agency).status, 403);
    assert_eq!(s.post("/v1/admin/agencies", gbr, new_agency).status, 201);
    assert_eq!(s.post("/v1/admin/agencies", gbr, new_agency).status, 409);
    drop(s);
    let log = std::fs::read_to_string(w.node.path("serve.log")).unwrap();
    assert!(!log.contains(&token), "an issued token in the log");
    let audit = w.node.ok(&["audit", "list", "--limit", "100000"]);
    assert!(!audit.contains(&token), "an issued token in the audit");
}

/// Marker strings in the asylum files of the cases fixture.
const ASYLUM_MARKERS: &[&str] = &[
    "Markergrounds",
    "Markerrefusal",
    "Markerdecisionmaker",
    "Markertribunal",
    "Markerappealgrounds",
    "Markerappealref",
    "Markerdismissal",
    "Markerclinician",
    "Markervulnerability",
    "Markermonitor",
];

/// A node holding the cases fixture (GBR-BSC's cases), with a user of
/// every role and a case officer of another agency.
fn cases_world() -> (Node, BTreeMap<&'static str, String>) {
    let node = Node::new();
    node.ok(&["init"]);
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases/cases.jsonl");
    node.ok(&["cases", "import", cases.to_str().unwrap()]);
    let mut tokens = BTreeMap::new();
    for (name, agency, role) in [
        ("gbr-analyst", "GBR-BSC", "analyst"),
        ("gbr-officer", "GBR-BSC", "border_officer"),
        ("gbr-case", "GBR-BSC", "case_officer"),
        ("gbr-liaison", "GBR-BSC", "liaison"),
        ("gbr-auditor", "GBR-BSC", "auditor"),
        ("srb-case", "SRB-MUP", "case_officer"),
    ] {
        tokens.insert(name, node.user(name, agency, role));
    }
    (node, tokens)
}

fn new_case(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","jurisdiction":"uk","identity":{{"given_names":"Rami","family_name":"Tahir"}},"person":{{"date_of_birth":"1992-01-01","sex":"male","nationality":"EGY"}},"events":[{{"date":"2025-05-01","kind":"arrival","mode":"small_boat","by":"Border Force","legal_basis":"Immigration Act 1971","rationale":"Landed at Dover."}}]}}"#
    )
}

const STEP: &str = r#"{"date":"2025-05-10","kind":"entry_ban","years":5,"by":"officer-7","legal_basis":"Immigration Rules Part 9","rationale":"Removal decision served."}"#;

#[test]
fn only_case_officers_of_the_case_s_agency_reach_a_case() {
    let (node, tokens) = cases_world();
    let s = node.serve("serve.log");
    let release = r#"{"to":"host_state","legal_basis":"UK-North Macedonia hub arrangement Art. 4","on":"2025-04-01"}"#;
    for (user, may) in [
        ("gbr-analyst", false),
        ("gbr-officer", false),
        ("gbr-liaison", false),
        ("gbr-auditor", false),
        ("gbr-case", true),
    ] {
        let t = &tokens[user];
        let replies = [
            ("list", s.get("/v1/cases?as_of=2025-06-01", t)),
            ("read", s.get("/v1/cases/C-1", t)),
            (
                "create",
                s.post("/v1/cases", t, &new_case(&format!("N-{user}"))),
            ),
            ("event", s.post("/v1/cases/C-5/events", t, STEP)),
            ("release", s.post("/v1/cases/C-1/releases", t, release)),
        ];
        for (what, r) in replies {
            if may {
                assert!(
                    [200, 201].contains(&r.status),
                    "{user} {what}: {} {}",
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(r.status, 403, "{user} {what}: {}", r.body);
                assert_eq!(r.json()["error"], "forbidden");
                for marker in ASYLUM_MARKERS.iter().chain(&["Jaburi"]) {
                    assert!(!r.body.contains(marker), "{user} {what}: {}", r.body);
                }
            }
        }
    }
    // Another agency's case officer: GBR's cases do not exist for it.
    let srb = &tokens["srb-case"];
    let list = s.get("/v1/cases?as_of=2025-06-01", srb).json();
    assert_eq!(list["cases"].as_array().unwrap().len(), 0);
    let theirs = s.get("/v1/cases/C-1", srb);
    let missing = s.get("/v1/cases/C-999", srb);
    assert_eq!((theirs.status, missing.status), (404, 404));
    assert_eq!(
        theirs.json()["message"]
            .as_str()
            .unwrap()
            .replace("C-1", "X"),
        missing.json()["message"]
            .as_str()
            .unwrap()
            .replace("C-999", "X")
    );
    assert_eq!(s.post("/v1/cases/C-5/events", srb, STEP).status, 404);
    // It opens its own; GBR's case officer does not see that one.
    assert_eq!(s.post("/v1/cases", srb, &new_case("S-1")).status, 201);
    assert_eq!(s.post("/v1/cases", srb, &new_case("S-1")).status, 200);
    let own = s.get("/v1/cases/S-1", srb).json();
    assert_eq!(own["case"]["agency"], "SRB-MUP");
    assert_eq!(s.get("/v1/cases/S-1", &tokens["gbr-case"]).status, 404);
    // Opening an id GBR uses tells it nothing of GBR's case: it opens a
    // case of its own (201, not 409 or 200), which is the one it reads
    // and extends; GBR's is untouched.
    let gbr_before = s.get("/v1/cases/C-1", &tokens["gbr-case"]).json();
    assert_eq!(s.post("/v1/cases", srb, &new_case("C-1")).status, 201);
    let own = s.get("/v1/cases/C-1", srb).json();
    assert_eq!(own["case"]["agency"], "SRB-MUP");
    assert_eq!(
        s.get("/v1/cases/C-1", &tokens["gbr-case"]).json()["case"],
        gbr_before["case"]
    );
    // Nothing of a case is found through the intelligence side.
    for q in ["Jaburi", "Idris", "Tahir", "Markergrounds"] {
        let hits = s.get(&format!("/v1/entities?q={q}"), &tokens["gbr-analyst"]);
        assert_eq!(hits.json()["hits"].as_array().unwrap().len(), 0, "{q}");
    }
    let export = s.get("/v1/exports/SRB-MUP", &tokens["gbr-liaison"]);
    for marker in ASYLUM_MARKERS.iter().chain(&["Jaburi", "Tahir"]) {
        assert!(!export.body.contains(marker));
    }
}

#[test]
fn a_step_the_safeguards_refuse_is_a_422_with_their_reasons_and_writes_nothing() {
    let (node, tokens) = cases_world();
    let s = node.serve("serve.log");
    let t = &tokens["gbr-case"];
    let count = |s: &Server| {
        s.get("/v1/cases/C-2", t).json()["case"]["events"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = count(&s);
    let removal = r#"{"date":"2025-05-01","kind":"removal_executed","by":"officer-7","legal_basis":"Immigration and Asylum Act 1999 s.10","rationale":"Removal directions set."}"#;
    let r = s.post("/v1/cases/C-2/events", t, removal);
    assert_eq!(r.status, 422, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"], "refused");
    let rules: Vec<&str> = v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"SUSPENSIVE_APPEAL_PENDING"), "{rules:?}");
    assert_eq!(count(&s), before);
    // Malformed and invalid steps: 400 and 422, nothing written.
    assert_eq!(s.post("/v1/cases/C-2/events", t, "{").status, 400);
    assert_eq!(
        s.post(
            "/v1/cases/C-2/events",
            t,
            r#"{"date":"2025-05-01","kind":"nap"}"#
        )
        .status,
        400
    );
    let r = s.post(
        "/v1/cases/C-2/events",
        t,
        r#"{"date":"2025-05-01","kind":"entry_ban","by":"x","legal_basis":"y"}"#,
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("rationale"), "{}", r.body);
    assert_eq!(count(&s), before);
    // The appeal decided, the same removal is recorded.
    let decided = r#"{"date":"2025-04-30","kind":"appeal_decided","reference":"PA/0001","outcome":"dismissed","by":"FtT","legal_basis":"NIAA 2002 s.84","rationale":"Dismissed."}"#;
    assert_eq!(s.post("/v1/cases/C-2/events", t, decided).status, 201);
    let r = s.post("/v1/cases/C-2/events", t, removal);
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json()["seq"], before + 2);
    // A case whose history a safeguard refuses is not opened.
    let bad = new_case("B-1").replace(
        r#""rationale":"Landed at Dover."}]"#,
        r#""rationale":"Landed at Dover."},{"date":"2025-05-02","kind":"asylum_claim","by":"x","legal_basis":"y","rationale":"z"},{"date":"2025-05-03","kind":"removal_executed","destination":{"type":"country_of_origin","country":"EGY"},"by":"x","legal_basis":"y","rationale":"z"}]"#,
    );
    let r = s.post("/v1/cases", t, &bad);
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("NON_REFOULEMENT_PENDING"), "{}", r.body);
    assert_eq!(s.get("/v1/cases/B-1", t).status, 404);
    // The list and its views.
    let list = s
        .get("/v1/cases?as_of=2025-06-01&deadline_within=10", t)
        .json();
    let ids: Vec<&str> = list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C-5"]);
    let hub = s.get("/v1/cases?as_of=2025-06-01&hub=hub-mkd", t).json();
    assert_eq!(hub["hub"]["occupancy"], 2);
    assert_eq!(s.get("/v1/cases?stage=nowhere", t).status, 400);
    drop(s);
    let (ok, stdout, _) = node.run(&["audit", "verify"]);
    assert!(ok, "{stdout}");
    let audit = node.ok(&["audit", "list", "--limit", "100000"]);
    assert!(
        audit.contains("gbr-case\tGBR-BSC\twrite_case\tcrime-prevention\tcase C-2\trefused"),
        "{audit}"
    );
}

#[test]
fn a_release_carries_the_minimum_and_no_asylum_marker() {
    let (node, tokens) = cases_world();
    let s = node.serve("serve.log");
    let t = &tokens["gbr-case"];
    let mut released = String::new();
    for body in [
        r#"{"to":"host_state","legal_basis":"UK-North Macedonia hub arrangement Art. 4","on":"2025-04-01"}"#,
        r#"{"to":"MKD-MVR","legal_basis":"UK-North Macedonia hub arrangement Art. 4","on":"2025-04-01"}"#,
        r#"{"to":"country_of_origin","legal_basis":"EU-Iraq readmission arrangement","on":"2025-04-01"}"#,
    ] {
        let r = s.post("/v1/cases/C-1/releases", t, body);
        assert_eq!(r.status, 201, "{body}: {}", r.body);
        let v = r.json();
        assert_eq!(v["person"]["family_name"], "Jaburi");
        released.push_str(&r.body);
    }
    for (body, says) in [
        (
            r#"{"to":"SRB-MUP","legal_basis":"x"}"#,
            "party to its return",
        ),
        (r#"{"to":"host_state","legal_basis":" "}"#, "legal basis"),
    ] {
        let r = s.post("/v1/cases/C-1/releases", t, body);
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains(says), "{}", r.body);
    }
    let r = s.post(
        "/v1/cases/C-3/releases",
        t,
        r#"{"to":"country_of_origin","legal_basis":"readmission","on":"2025-05-01"}"#,
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        s.post(
            "/v1/cases/C-1/releases",
            t,
            r#"{"to":"FRONTEX","legal_basis":"x"}"#
        )
        .status,
        400
    );
    let read = s.get("/v1/cases/C-1", t).json();
    assert_eq!(read["transfers"].as_array().unwrap().len(), 3);
    drop(s);
    let log = std::fs::read_to_string(node.path("serve.log")).unwrap();
    for marker in ASYLUM_MARKERS {
        assert!(!released.contains(marker), "{marker} released: {released}");
        assert!(!log.contains(marker), "{marker} in the server log");
    }
    for word in [
        "asylum",
        "appeal",
        "claim",
        "refugee",
        "rationale",
        "legal_basis",
    ] {
        assert!(
            !released.to_lowercase().contains(word),
            "{word}: {released}"
        );
    }
    assert!(!log.contains("Jaburi"));
}

/// The what-if checker, the "one in, one out" ledger and hub proposals are
/// in the API too, with the live engine: the table of safeguard cases gives
/// the same decisions through `POST /v1/returns/check` as through the
/// crate, and the ledger's worked example its expected report.
#[test]
fn the_what_if_checker_the_ledger_and_hub_proposals_are_in_the_api() {
    let (node, tokens) = cases_world();
    let s = node.serve("serve.log");
    let t = &tokens["gbr-case"];
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../returns/tests/data");
    let mut checked = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let r = s.post("/v1/returns/check", t, &case["input"].to_string());
        assert_eq!(r.status, 200, "{}: {}", path.display(), r.body);
        let got = r.json();
        assert_eq!(
            got["allowed"],
            case["expected"]["allowed"],
            "{}",
            path.display()
        );
        let rules: Vec<&str> = got["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rule"].as_str().unwrap())
            .collect();
        for rule in case["expected"]["rules"].as_array().unwrap() {
            assert!(
                rules.contains(&rule.as_str().unwrap()),
                "{}: {rules:?}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "the safeguard table: {checked}");
    assert_eq!(s.post("/v1/returns/check", t, "{").status, 400);
    assert_eq!(
        s.post("/v1/returns/check", &tokens["gbr-analyst"], "{}")
            .status,
        403
    );
    let ledger = std::fs::read_to_string(data.join("ledger/worked_example.json")).unwrap();
    let want: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("ledger/worked_example.expected.json")).unwrap(),
    )
    .unwrap();
    let r = s.post("/v1/returns/ledger", t, &ledger);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json(), want);
    let record = r#"{"by":"officer-7","legal_basis":"Hub arrangement Art. 4","rationale":"Placement proposed."}"#;
    let r = s.post("/v1/returns/hub-proposals?as_of=2025-04-01", t, record);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.json().is_object());
    assert_eq!(
        s.post("/v1/returns/hub-proposals", t, "{\"who\":1}").status,
        400
    );
    assert_eq!(
        s.post("/v1/returns/hub-proposals", &tokens["gbr-analyst"], record)
            .status,
        403
    );
    // Hubs: read by case officers, described by the node's administrators.
    let hub = r#"{"type":"hub","id":"hub-test","host_state":"MKD","capacity":5}"#;
    assert_eq!(s.post("/v1/returns/hubs", t, hub).status, 403);
    let admin = &tokens["gbr-liaison"];
    assert_eq!(s.post("/v1/returns/hubs", admin, hub).status, 201);
    let again = s.post("/v1/returns/hubs", admin, hub);
    assert_eq!(
        (again.status, again.json()["stored"].clone()),
        (200, "unchanged".into())
    );
    assert_eq!(
        s.post(
            "/v1/returns/hubs",
            admin,
            r#"{"id":"h","host_state":"MKD","capacity":0}"#
        )
        .status,
        422
    );
    let listed = s.get("/v1/returns/hubs?as_of=2025-04-01", t);
    assert_eq!(listed.status, 200, "{}", listed.body);
    let listed = listed.json();
    let ours = listed["hubs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "hub-test")
        .unwrap()
        .clone();
    assert_eq!(
        (ours["capacity"].clone(), ours["occupancy"].clone()),
        (5.into(), 0.into())
    );
    assert_eq!(
        s.get("/v1/returns/hubs", &tokens["gbr-analyst"]).status,
        403
    );
}
