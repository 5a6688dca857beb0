//! Dice comparisons per second on one thread, for each kernel this CPU
//! has: `cargo run --release -p corridor-pprl --example dice_speed [BITS]`.
//! The best of five runs of 4,000 × 4,000 random encodings a fifth full
//! (as the default schema's are), so that another process on the machine
//! costs a run, not the figure.

use std::time::Instant;

use corridor_pprl::dice::Kernel;

fn main() {
    let bits: usize = std::env::args()
        .nth(1)
        .and_then(|b| b.parse().ok())
        .unwrap_or(1024);
    let words = bits / 64;
    let n = 4000;
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut sparse = || next() & next() & (next() | next());
    let left: Vec<u64> = (0..n * words).map(|_| sparse()).collect();
    let right: Vec<u64> = (0..n * words).map(|_| sparse()).collect();
    let mut out = vec![0u32; n];
    for kernel in Kernel::available() {
        let mut best = f64::INFINITY;
        let mut check = 0u64;
        for _ in 0..5 {
            let started = Instant::now();
            for a in left.chunks_exact(words) {
                kernel.counts(a, &right, &mut out);
                check += u64::from(out[n / 2]);
            }
            best = best.min(started.elapsed().as_secs_f64());
        }
        println!(
            "{kernel:?}: {:.0} M Dice comparisons/s on one thread at {bits} bits (check {check})",
            (n * n) as f64 / best / 1e6
        );
    }
}
