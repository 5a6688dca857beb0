//! `corridor serve`: the HTTP/JSON API on a local address.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Requests one token may make per second.
    #[arg(long, default_value_t = corridor_server::Limits::default().per_token_per_second)]
    rate_limit: u32,
    /// Serve HTTPS with this PEM certificate chain (needs --tls-key).
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
}

impl ServeArgs {
    /// The defaults: 127.0.0.1:8080, plain HTTP.
    pub fn loopback() -> ServeArgs {
        ServeArgs {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            rate_limit: corridor_server::Limits::default().per_token_per_second,
            tls_cert: None,
            tls_key: None,
        }
    }
}

pub fn run(db: &Path, args: ServeArgs) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CORRIDOR_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            Some(corridor_server::tls::config(cert, key).map_err(anyhow::Error::msg)?)
        }
        _ => None,
    };
    let store = crate::node::open(db)?;
    let policy = crate::node::policy(&store, db)?;
    let home = policy.home().clone();
    let limits = corridor_server::Limits {
        per_token_per_second: args.rate_limit,
        ..Default::default()
    };
    let node = corridor_server::Node::new(store, policy, limits);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}: is another server using it? choose another with --listen",
                    args.listen
                )
            })?;
        let addr = listener.local_addr()?;
        println!(
            "serving http://{addr}/v1 for {home} (store {})",
            db.display()
        );
        use std::io::Write;
        std::io::stdout().flush()?;
        corridor_server::serve(listener, tls, node, shutdown()).await?;
        eprintln!("stopped: requests in flight were answered");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C or SIGTERM.
async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => {
            let _ = interrupt.await;
            return;
        }
    };
    tokio::select! {
        _ = interrupt => {}
        _ = term.recv() => {}
    }
}
