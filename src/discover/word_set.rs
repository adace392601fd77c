//! Sets of short words looked up for every word of every seed (function
//! words, denials, verbs of saying), and the packing of a word into one
//! integer that they compare.

/// A set of short words, compared as packed integers in a small hash
/// table: sets are asked about every word of every seed, and this needs no
/// string comparison and no search. Words of more than sixteen bytes are
/// compared as strings (no word of a set is that long so far).
pub struct WordSet {
    words: &'static [&'static str],
    table: std::sync::OnceLock<(Vec<u128>, Vec<&'static str>)>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            table: std::sync::OnceLock::new(),
        }
    }

    fn table(&self) -> &(Vec<u128>, Vec<&'static str>) {
        self.table.get_or_init(|| {
            // Open addressing, at most a quarter full, every word in its
            // slot or the next (the table doubles until so); 0 is an empty
            // slot (no word packs to 0).
            let mut size = (self.words.len() * 4).next_power_of_two().max(16);
            loop {
                let mut t = vec![0u128; size];
                let mut long = Vec::new();
                let mut near = true;
                for w in self.words {
                    let Some(p) = pack(w.as_bytes()) else {
                        long.push(*w);
                        continue;
                    };
                    let home = slot(p, size);
                    let mut i = home;
                    while t[i] != 0 && t[i] != p {
                        i = (i + 1) & (size - 1);
                    }
                    t[i] = p;
                    near &= i == home || i == (home + 1) & (size - 1);
                }
                if near {
                    return (t, long);
                }
                size *= 2;
            }
        })
    }

    pub fn contains(&self, word: &str) -> bool {
        match pack(word.as_bytes()) {
            Some(p) => self.contains_packed(p),
            None => {
                let long = &self.table().1;
                !long.is_empty() && long.contains(&word)
            }
        }
    }

    /// Whether the word packed as `p` by [`pack`] is in the set.
    pub fn contains_packed(&self, p: u128) -> bool {
        let table = &self.table().0;
        let mask = table.len() - 1;
        let i = slot(p, table.len());
        // Both slots compared, without a branch on the first: whether a
        // word is a function word is a coin toss the processor cannot predict.
        (table[i] == p) | (table[(i + 1) & mask] == p)
    }
}

fn slot(p: u128, size: usize) -> usize {
    let folded = (p as u64) ^ ((p >> 64) as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & (size - 1)
}

/// A non-empty word of up to sixteen bytes as one integer, its first byte
/// lowest.
pub fn pack(word: &[u8]) -> Option<u128> {
    if word.is_empty() || word.len() > 16 {
        return None;
    }
    let mut p = 0u128;
    for (k, &b) in word.iter().enumerate() {
        p |= u128::from(b) << (8 * k);
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_set_holds_its_words_and_no_other() {
        // Many words (the table doubles until each is in its slot or the
        // next), one of more than sixteen bytes.
        let words: Vec<String> = (0..300).map(|n| format!("w{n}")).collect();
        let mut all: Vec<&'static str> = words.into_iter().map(|w| &*w.leak()).collect();
        all.push("internationalisation");
        let set = WordSet::new(all.leak());
        for n in 0..300 {
            assert!(set.contains(&format!("w{n}")), "w{n}");
            assert!(!set.contains(&format!("x{n}")), "x{n}");
            assert!(!set.contains(&format!("w{}", n + 300)));
        }
        assert!(set.contains("internationalisation"));
        assert!(!set.contains("internationalisations"));
    }
}
