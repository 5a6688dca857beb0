//! Times the graph algorithms on files written by `bench/graph.sh`, the
//! graph already in memory, as igraph is timed on the Python side.
//!
//!     cargo run --release -p corridor-graph --example bench -- DIR
//!
//! DIR holds `full.tsv` (a tab-separated edge list of integer ids),
//! `membership.txt` (the planted community of node i on line i),
//! `sub.tsv` (the 10,000-node subgraph) and `disrupt.tsv` (the
//! 100,000-edge graph). Prints one JSON object per measurement. Name
//! tasks after DIR to run only those; `betweenness_20k` (exact
//! betweenness of the disruption graph: one disruption step's search) runs
//! only when named.

use std::path::Path;
use std::time::Instant;

use corridor_graph::{
    betweenness, components, consensus, modularity, nmi, pagerank, sampled_betweenness, simulate,
    Graph, LeidenOptions, SimulationOptions, Strategy,
};

fn read_ints(path: &Path, nodes: Option<usize>) -> Graph {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let edges: Vec<(u32, u32, f64)> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut cells = l.split('\t');
            let a = cells.next().unwrap().parse().unwrap();
            let b = cells.next().unwrap().parse().unwrap();
            (a, b, 1.0)
        })
        .collect();
    let n = nodes.unwrap_or_else(|| {
        edges
            .iter()
            .map(|e| e.0.max(e.1) as usize + 1)
            .max()
            .unwrap_or(0)
    });
    Graph::from_edges(n, edges)
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed().as_secs_f64())
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: bench DIR");
    let dir = Path::new(&dir);
    let only: Vec<String> = std::env::args().skip(2).collect();
    let wanted = |task: &str| only.is_empty() || only.iter().any(|t| t == task);
    let truth: Vec<u32> = std::fs::read_to_string(dir.join("membership.txt"))
        .unwrap()
        .lines()
        .map(|l| l.trim().parse().unwrap())
        .collect();
    let threads = rayon::current_num_threads();
    let (g, load) = timed(|| read_ints(&dir.join("full.tsv"), Some(truth.len())));
    println!(
        r#"{{"task":"load","seconds":{load:.3},"nodes":{},"edges":{},"threads":{threads}}}"#,
        g.len(),
        g.edge_count()
    );
    if wanted("components") {
        let (c, t) = timed(|| components(&g));
        println!(
            r#"{{"task":"components","seconds":{t:.4},"count":{},"largest":{}}}"#,
            c.count(),
            c.largest()
        );
    }
    // `consensus` is what `corridor network communities` runs by default.
    for (task, iterations, runs) in [
        ("consensus", None, 2),
        ("leiden", None, 1),
        ("leiden2", Some(2), 1),
    ] {
        if !wanted(task) {
            continue;
        }
        let options = LeidenOptions {
            iterations,
            ..LeidenOptions::default()
        };
        let (p, t) = timed(|| consensus(&g, &options, runs));
        println!(
            r#"{{"task":"{task}","seconds":{t:.3},"communities":{},"modularity":{:.5},"nmi":{:.5}}}"#,
            p.count,
            modularity(&g, &p.membership, 1.0),
            nmi(&p.membership, &truth)
        );
    }
    if wanted("pagerank") {
        let (r, t) = timed(|| pagerank(&g, 0.85, false));
        let top = (0..r.len()).max_by(|&a, &b| r[a].total_cmp(&r[b])).unwrap();
        println!(
            r#"{{"task":"pagerank","seconds":{t:.3},"top":{top},"top_value":{:.6e}}}"#,
            r[top]
        );
    }
    if wanted("betweenness") {
        let sub = read_ints(&dir.join("sub.tsv"), Some(10_000));
        let (b, t) = timed(|| betweenness(&sub, false));
        let top = (0..b.len()).max_by(|&a, &c| b[a].total_cmp(&b[c])).unwrap();
        println!(
            r#"{{"task":"betweenness_10k","seconds":{t:.3},"nodes":{},"edges":{},"top":{top},"top_value":{:.1}}}"#,
            sub.len(),
            sub.edge_count(),
            b[top]
        );
    }
    if only.iter().any(|t| t == "betweenness_20k") {
        let d = read_ints(&dir.join("disrupt.tsv"), None);
        let (b, t) = timed(|| betweenness(&d, false));
        let top = (0..b.len()).max_by(|&a, &c| b[a].total_cmp(&b[c])).unwrap();
        println!(
            r#"{{"task":"betweenness_20k","seconds":{t:.3},"nodes":{},"edges":{},"top":{top},"top_value":{:.1}}}"#,
            d.len(),
            d.edge_count(),
            b[top]
        );
    }
    if wanted("sampled") {
        let (s, t) = timed(|| sampled_betweenness(&g, 256, 1));
        let b = &s.betweenness;
        let top = (0..b.len()).max_by(|&a, &c| b[a].total_cmp(&b[c])).unwrap();
        println!(
            r#"{{"task":"sampled_256","seconds":{t:.3},"error_bound":{:.4},"top":{top}}}"#,
            s.error
        );
    }
    if wanted("disrupt") {
        let d = read_ints(&dir.join("disrupt.tsv"), None);
        let options = SimulationOptions {
            strategy: Strategy::Betweenness,
            steps: 5,
            recovery: false,
            efficiency: false,
        };
        let (run, t) = timed(|| simulate(&d, None, &options).unwrap());
        let removed: Vec<String> = run.steps.iter().map(|s| s.removed.to_string()).collect();
        let lcc: Vec<String> = run
            .steps
            .iter()
            .map(|s| format!("{:.4}", s.lcc_fraction))
            .collect();
        println!(
            r#"{{"task":"disrupt_5","seconds":{t:.3},"nodes":{},"edges":{},"removed":[{}],"lcc_fraction":[{}]}}"#,
            d.len(),
            d.edge_count(),
            removed.join(","),
            lcc.join(",")
        );
    }
}
