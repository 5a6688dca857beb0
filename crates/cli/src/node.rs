//! The node's administration from the command line: its agency and keys,
//! the agency directory, users, tokens, and the audit log.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::Utc;
use corridor_model::AgencyCode;
use corridor_share::{NodeKeys, Policy, UserRole};
use corridor_store::{AuditEntry, SqliteStore, Store};

/// The agency a node runs for when `corridor init` is not told: the UK's
/// border-security command, Corridor's first user.
pub const DEFAULT_HOME: &str = "GBR-BSC";

/// How long a token works unless told otherwise.
pub const DEFAULT_TOKEN_DAYS: u32 = corridor_server::identity::DEFAULT_TOKEN_DAYS;

/// The node secret lives beside the store, never in it.
pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// Writes a new node secret, readable by its owner only. Never replaces
/// one: the pseudonyms partners hold and the encrypted fields depend on it.
fn create_secret(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let secret: [u8; 32] = corridor_server::identity::random().map_err(anyhow::Error::msg)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create the node key {}", path.display()))?;
    writeln!(file, "{}", hex::encode(secret))
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write the node key {}", path.display()))?;
    Ok(())
}

pub fn load_keys(db: &Path) -> anyhow::Result<NodeKeys> {
    let path = key_path(db);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read the node key {}; `corridor init` creates it beside the store",
            path.display()
        )
    })?;
    let bytes = hex::decode(text.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .with_context(|| {
            format!(
                "{} is not a node key (64 hexadecimal digits); restore it from your backup",
                path.display()
            )
        })?;
    Ok(NodeKeys::derive(&bytes))
}

/// Opens the store with the node's at-rest key when the key file is there
/// (every store `corridor init` made): protected content is then sealed on
/// import and opened on read. Without the key file, reports that mention
/// protected people read in their withheld form.
pub fn open(db: &Path) -> anyhow::Result<SqliteStore> {
    let store = SqliteStore::open(db)?;
    if key_path(db).exists() {
        let keys = load_keys(db)?;
        return Ok(store.with_at_rest_key(keys.at_rest)?);
    }
    Ok(store)
}

/// The node's home agency, or a message saying how to set it.
pub fn home(store: &dyn Store) -> anyhow::Result<AgencyCode> {
    let code = store
        .home_agency()?
        .context("this store has no home agency yet; run `corridor init --agency CODE`")?;
    AgencyCode::parse(&code).map_err(|e| anyhow::anyhow!("stored home agency {code:?}: {e}"))
}

pub fn policy(store: &dyn Store, db: &Path) -> anyhow::Result<Policy> {
    Ok(Policy::new(home(store)?, load_keys(db)?.pseudonyms))
}

/// A store made ready to serve: created if missing, its home agency set
/// once, its key beside it.
pub struct Prepared {
    pub store: SqliteStore,
    pub created: bool,
    pub home: String,
    pub key_created: bool,
}

pub fn prepare(db: &Path, agency: Option<&str>) -> anyhow::Result<Prepared> {
    let (mut store, created) = SqliteStore::create(db)?;
    let current = store.home_agency()?;
    let home = match (agency, current.as_deref()) {
        (Some(wanted), Some(current)) if wanted != current => bail!(
            "{} already runs for {current}; a node's agency never changes (its pseudonyms and audit name it)",
            db.display()
        ),
        (_, Some(current)) => current.to_owned(),
        (wanted, None) => {
            let code = wanted.unwrap_or(DEFAULT_HOME);
            AgencyCode::parse(code).map_err(|e| anyhow::anyhow!("--agency: {e}"))?;
            store.set_home_agency(code)?;
            code.to_owned()
        }
    };
    let key = key_path(db);
    let key_created = !key.exists();
    if key_created {
        create_secret(&key)?;
    }
    let store = store.with_at_rest_key(load_keys(db)?.at_rest)?;
    Ok(Prepared {
        store,
        created,
        home,
        key_created,
    })
}

pub fn init(db: &Path, agency: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut p = prepare(db, agency)?;
    let verb = if p.created {
        "created"
    } else {
        "already exists:"
    };
    let key_note = if p.key_created { "created" } else { "kept" };
    println!(
        "{verb} {} (schema version {}) for {}; node key {} {key_note} (back it up: without it protected fields cannot be read and pseudonyms change)",
        db.display(),
        p.store.schema_version()?,
        p.home,
        key_path(db).display(),
    );
    let home = p.home.clone();
    local_audit(&mut p.store, "init", &home, "ok")?;
    Ok(ExitCode::SUCCESS)
}

/// Who runs a local command: `local:` and `CORRIDOR_USER`, else the
/// login name (as review decisions are attributed).
pub fn local_user() -> String {
    let user = std::env::var("CORRIDOR_USER")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("local:{user}")
}

/// The local user as the writer of case records: of the node's agency.
pub fn local_actor(store: &dyn Store) -> anyhow::Result<corridor_store::Actor> {
    Ok(corridor_store::Actor {
        user: local_user(),
        agency: home(store)?.to_string(),
        purpose: "local".to_owned(),
    })
}

/// Records a local command in the audit log, as [`local_user`].
pub fn local_audit(
    store: &mut dyn Store,
    action: &str,
    target: &str,
    result: &str,
) -> anyhow::Result<()> {
    let agency = store.home_agency()?.unwrap_or_else(|| "-".into());
    store.append_audit(&AuditEntry {
        at: Utc::now().to_rfc3339(),
        user: local_user(),
        agency,
        action: action.to_owned(),
        purpose: "local".to_owned(),
        target: target.to_owned(),
        result: result.to_owned(),
    })?;
    Ok(())
}

pub fn agency_add(
    store: &mut dyn Store,
    code: &str,
    name: &str,
    country: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let parsed = AgencyCode::parse(code).map_err(|e| anyhow::anyhow!("agency code: {e}"))?;
    let name = name.trim();
    if name.is_empty() {
        bail!("--name must not be empty");
    }
    if let Some(c) = country {
        corridor_model::Country::parse(c).map_err(|e| anyhow::anyhow!("--country: {e}"))?;
    }
    store.add_agency(parsed.as_str(), name, country)?;
    local_audit(store, "agency_add", parsed.as_str(), "ok")?;
    println!("added agency {parsed} ({name})");
    Ok(ExitCode::SUCCESS)
}

pub fn agency_list(store: &dyn Store) -> anyhow::Result<ExitCode> {
    let home = store.home_agency()?;
    for a in store.agencies()? {
        let mark = if home.as_deref() == Some(a.code.as_str()) {
            "  (this node)"
        } else {
            ""
        };
        println!(
            "{:<10} {:<4} {}{mark}",
            a.code,
            a.country.as_deref().unwrap_or("-"),
            a.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn user_add(
    store: &mut dyn Store,
    name: &str,
    agency: &str,
    role: &str,
) -> anyhow::Result<ExitCode> {
    corridor_server::identity::check_user_name(name).map_err(anyhow::Error::msg)?;
    let role = UserRole::parse(role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
    let agency = AgencyCode::parse(agency).map_err(|e| anyhow::anyhow!("--agency: {e}"))?;
    store.add_user(name, agency.as_str(), role.as_str())?;
    local_audit(store, "user_add", name, "ok")?;
    println!("added user {name} of {agency} as {role}");
    Ok(ExitCode::SUCCESS)
}

pub fn user_list(store: &dyn Store) -> anyhow::Result<ExitCode> {
    for u in store.users()? {
        println!(
            "{:<24} {:<10} {:<15} since {}",
            u.name, u.agency, u.role, u.created_at
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn token_create(store: &mut dyn Store, user: &str, days: u32) -> anyhow::Result<ExitCode> {
    let issued = corridor_server::identity::issue_token(store, user, days)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    local_audit(store, "token_create", &issued.id, "ok")?;
    eprintln!(
        "token {} for {user}, valid until {}; shown once, never stored:",
        issued.id, issued.expires_at
    );
    println!("{}", issued.token);
    Ok(ExitCode::SUCCESS)
}

pub fn token_list(store: &dyn Store) -> anyhow::Result<ExitCode> {
    for t in store.tokens()? {
        let state = match &t.revoked_at {
            Some(at) => format!("revoked {at}"),
            None => format!("expires {}", t.expires_at),
        };
        println!("{:<16} {:<24} {state}", t.id, t.user);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn token_revoke(store: &mut dyn Store, id_or_user: &str) -> anyhow::Result<ExitCode> {
    let n = store.revoke_tokens(id_or_user)?;
    if n == 0 {
        bail!("no valid token has the id, or belongs to a user named, {id_or_user:?}; `corridor token list` shows them");
    }
    local_audit(store, "token_revoke", id_or_user, "ok")?;
    println!("revoked {n} token{}", if n == 1 { "" } else { "s" });
    Ok(ExitCode::SUCCESS)
}

/// Exit 0 when the chain is whole, 1 naming the first bad entry.
pub fn audit_verify(store: &dyn Store) -> anyhow::Result<ExitCode> {
    match store.verify_audit()? {
        (n, None) => {
            println!("audit log intact: {n} entries");
            Ok(ExitCode::SUCCESS)
        }
        (_, Some(b)) => {
            println!("audit log broken at entry {}: {}", b.seq, b.why);
            Ok(ExitCode::FAILURE)
        }
    }
}

pub fn audit_list(store: &dyn Store, after: i64, limit: usize) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in store.audit_entries(after, limit)? {
        let e = r.entry;
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.seq, e.at, e.user, e.agency, e.action, e.purpose, e.target, e.result
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
