//! Sørensen–Dice similarity of encodings with the CPU's population count.
//!
//! The kernel is chosen once at run time: AVX-512 VPOPCNTDQ (eight words a
//! cycle), the `popcnt` instruction, or portable Rust. All three run the
//! same source, compiled with different target features, and are tested
//! to give the same counts.

/// `2·|a ∧ b| / (|a| + |b|)`, given the set bits of each; 0 when both are
/// empty (two records with nothing encoded are not evidence of anything).
pub fn dice_from_counts(common: u32, a: u32, b: u32) -> f64 {
    if a + b == 0 {
        0.0
    } else {
        2.0 * f64::from(common) / f64::from(a + b)
    }
}

/// Set bits of an encoding.
pub fn popcount(words: &[u64]) -> u32 {
    words.iter().map(|w| w.count_ones()).sum()
}

/// Set bits of `a ∧ b`, portable.
pub fn and_count_scalar(a: &[u64], b: &[u64]) -> u32 {
    and_count_inline(a, b)
}

#[inline(always)]
fn and_count_inline(a: &[u64], b: &[u64]) -> u32 {
    // Four accumulators: the additions of one word do not wait for the
    // previous word's.
    let mut acc = [0u32; 4];
    let mut ca = a.chunks_exact(4);
    let mut cb = b.chunks_exact(4);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..4 {
            acc[i] += (x[i] & y[i]).count_ones();
        }
    }
    let tail: u32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| (x & y).count_ones())
        .sum();
    acc.iter().sum::<u32>() + tail
}

/// The comparison kernels this CPU can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    Scalar,
    Popcnt,
    Avx512,
}

impl Kernel {
    /// The fastest kernel this CPU has.
    pub fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512vpopcntdq") {
                return Kernel::Avx512;
            }
            if is_x86_feature_detected!("popcnt") {
                return Kernel::Popcnt;
            }
        }
        Kernel::Scalar
    }

    /// Every kernel this CPU can run, for tests and benchmarks.
    pub fn available() -> Vec<Kernel> {
        let best = Kernel::detect();
        [Kernel::Scalar, Kernel::Popcnt, Kernel::Avx512]
            .into_iter()
            .filter(|k| {
                matches!(
                    (k, best),
                    (Kernel::Scalar, _)
                        | (Kernel::Popcnt, Kernel::Popcnt | Kernel::Avx512)
                        | (Kernel::Avx512, Kernel::Avx512)
                )
            })
            .collect()
    }

    /// Set bits of `a ∧ b`.
    pub fn and_count(self, a: &[u64], b: &[u64]) -> u32 {
        let mut out = [0];
        self.counts(a, b, &mut out);
        out[0]
    }

    /// `out[j] = |a ∧ b_j|` for each encoding `b_j` of `block`, a run of
    /// encodings as long as `a`; `out` holds one count per encoding.
    pub fn counts(self, a: &[u64], block: &[u64], out: &mut [u32]) {
        let words = a.len();
        assert!(words > 0 && block.len() == words * out.len());
        match self {
            Kernel::Scalar => counts_inline(a, block, out),
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a Popcnt kernel is only made when the CPU has popcnt
            // (`detect`, `available`).
            Kernel::Popcnt => unsafe { counts_popcnt(a, block, out) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above, for AVX-512 F and VPOPCNTDQ.
            Kernel::Avx512 => unsafe { counts_avx512(a, block, out) },
            #[cfg(not(target_arch = "x86_64"))]
            _ => counts_inline(a, block, out),
        }
    }
}

#[inline(always)]
fn counts_inline(a: &[u64], block: &[u64], out: &mut [u32]) {
    for (o, b) in out.iter_mut().zip(block.chunks_exact(a.len())) {
        *o = and_count_inline(a, b);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
unsafe fn counts_popcnt(a: &[u64], block: &[u64], out: &mut [u32]) {
    counts_inline(a, block, out)
}

/// Eight words per instruction: AND and VPOPCNTQ on 512-bit registers, the
/// query held in registers for the whole block (one loop per length, so
/// that the compiler unrolls it). Other lengths take the popcnt path.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,avx512f,avx512vpopcntdq")]
unsafe fn counts_avx512(a: &[u64], block: &[u64], out: &mut [u32]) {
    match a.len() {
        8 => counts_avx512_lanes::<1>(a, block, out),
        16 => counts_avx512_lanes::<2>(a, block, out),
        32 => counts_avx512_lanes::<4>(a, block, out),
        64 => counts_avx512_lanes::<8>(a, block, out),
        _ => counts_inline(a, block, out),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,avx512f,avx512vpopcntdq")]
unsafe fn counts_avx512_lanes<const L: usize>(a: &[u64], block: &[u64], out: &mut [u32]) {
    use std::arch::x86_64::*;
    let words = L * 8;
    debug_assert!(a.len() == words && block.len() == words * out.len());
    let mut query = [_mm512_setzero_si512(); L];
    for (l, q) in query.iter_mut().enumerate() {
        *q = _mm512_loadu_si512(a.as_ptr().add(l * 8).cast());
    }
    let base = block.as_ptr();
    let one = |j: usize| {
        let b = base.add(j * words);
        let mut acc = _mm512_setzero_si512();
        for (l, q) in query.iter().enumerate() {
            let v = _mm512_loadu_si512(b.add(l * 8).cast());
            acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(_mm512_and_si512(*q, v)));
        }
        acc
    };
    // Eight candidates at a time, their per-lane counts (each at most
    // 64·L ≤ 512) packed four to a 64-bit lane in 16-bit fields, so that
    // two horizontal sums (each field at most 4,096) serve eight
    // candidates instead of eight sums.
    let mut chunks = out.chunks_exact_mut(8);
    let mut j = 0;
    for o in &mut chunks {
        let c: [__m512i; 8] = std::array::from_fn(|k| one(j + k));
        let q = _mm512_add_epi64(
            _mm512_add_epi64(c[0], _mm512_slli_epi64::<16>(c[1])),
            _mm512_add_epi64(_mm512_slli_epi64::<32>(c[2]), _mm512_slli_epi64::<48>(c[3])),
        );
        let r = _mm512_add_epi64(
            _mm512_add_epi64(c[4], _mm512_slli_epi64::<16>(c[5])),
            _mm512_add_epi64(_mm512_slli_epi64::<32>(c[6]), _mm512_slli_epi64::<48>(c[7])),
        );
        let (q, r) = (
            _mm512_reduce_add_epi64(q) as u64,
            _mm512_reduce_add_epi64(r) as u64,
        );
        for k in 0..4 {
            o[k] = ((q >> (16 * k)) & 0xFFFF) as u32;
            o[k + 4] = ((r >> (16 * k)) & 0xFFFF) as u32;
        }
        j += 8;
    }
    for o in chunks.into_remainder() {
        *o = _mm512_reduce_add_epi64(one(j)) as u32;
        j += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_kernel_counts_alike(
            words in 1usize..40,
            seed in any::<u64>(),
            n in 1usize..20,
        ) {
            let mut state = seed;
            let mut next = || { state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); state ^ (state >> 29) };
            let a: Vec<u64> = (0..words).map(|_| next()).collect();
            let block: Vec<u64> = (0..words * n).map(|_| next()).collect();
            let expected: Vec<u32> = block
                .chunks(words)
                .map(|b| a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum())
                .collect();
            for kernel in Kernel::available() {
                let mut got = vec![0; n];
                kernel.counts(&a, &block, &mut got);
                prop_assert_eq!(&got, &expected, "{:?}", kernel);
                prop_assert_eq!(kernel.and_count(&a, &block[..words]), expected[0]);
            }
        }
    }

    #[test]
    fn dice_of_identical_and_disjoint() {
        let a = [0b1011u64, 0];
        assert_eq!(
            dice_from_counts(Kernel::Scalar.and_count(&a, &a), 3, 3),
            1.0
        );
        assert_eq!(dice_from_counts(0, 3, 5), 0.0);
        assert_eq!(dice_from_counts(0, 0, 0), 0.0);
    }
}
