//! Which writing system a piece of text is in.

use unicode_normalization::char::is_combining_mark;

/// The writing system of the letters of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    /// Letters of a script this crate does not transliterate (Hebrew,
    /// Devanagari, Han...).
    Other,
    /// Letters of two or more scripts.
    Mixed,
    /// No letters at all.
    None,
}

impl Script {
    /// The script of the letters in `text`. Digits, spaces, punctuation
    /// and combining marks are ignored: `Ахмед (1990)` is Cyrillic, `٣٤`
    /// (Arabic-Indic digits) is [`Script::None`].
    pub fn of(text: &str) -> Script {
        let mut found = Option::None;
        for script in text.chars().filter_map(letter_script) {
            match found {
                Option::None => found = Some(script),
                Some(seen) if seen != script => return Script::Mixed,
                Some(_) => {}
            }
        }
        found.unwrap_or(Script::None)
    }

    /// The lower-case name: `"latin"`, `"cyrillic"`, `"greek"`,
    /// `"arabic"`, `"other"`, `"mixed"` or `"none"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "latin",
            Script::Cyrillic => "cyrillic",
            Script::Greek => "greek",
            Script::Arabic => "arabic",
            Script::Other => "other",
            Script::Mixed => "mixed",
            Script::None => "none",
        }
    }
}

/// The script of one character, or `None` when it is not a letter.
///
/// Spacing modifier letters (`ʿ ʾ ʼ` and kin) are treated as punctuation:
/// they mark ʿayn and hamza in Latin transliterations of Arabic and must
/// not make `ʿAbd` look mixed.
pub(crate) fn letter_script(c: char) -> Option<Script> {
    if !c.is_alphabetic() || is_combining_mark(c) || matches!(c, '\u{02B0}'..='\u{02FF}') {
        return Option::None;
    }
    Some(match c {
        'a'..='z'
        | 'A'..='Z'
        | 'ª'
        | 'º'
        | '\u{00C0}'..='\u{02AF}'
        | '\u{1D00}'..='\u{1DBF}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2071}'
        | '\u{207F}'
        | '\u{2090}'..='\u{209C}'
        | '\u{2160}'..='\u{2188}'
        | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}'
        | '\u{AB30}'..='\u{AB6F}'
        | '\u{FB00}'..='\u{FB06}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}' => Script::Latin,
        '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{A640}'..='\u{A69F}' => {
            Script::Cyrillic
        }
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Script::Greek,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{1EE00}'..='\u{1EEFF}' => Script::Arabic,
        _ => Script::Other,
    })
}
