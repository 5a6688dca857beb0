//! National identity numbers that encode facts a forger must keep
//! consistent with the document: the former Yugoslav JMBG (Serbia, North
//! Macedonia, Bosnia and Herzegovina, Montenegro) and the Bulgarian EGN.

/// The JMBG check digit of its first 12 digits (`None` if not 12 digits).
pub fn jmbg_check(first12: &str) -> Option<u32> {
    let d: Vec<u32> = first12
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if d.len() != 12 {
        return None;
    }
    let weights = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = d.iter().zip(weights).map(|(a, w)| a * w).sum();
    let m = 11 - sum % 11;
    Some(if m > 9 { 0 } else { m })
}

/// A JMBG: `DDMMYYY` (last three digits of the year), region `RR`, serial
/// `BBB` (000–499 male, 500–999 female), check digit. `serial` is taken
/// modulo 500.
pub fn jmbg(year: i32, month: u32, day: u32, region: u32, female: bool, serial: u32) -> String {
    let serial = serial % 500 + if female { 500 } else { 0 };
    let first12 = format!(
        "{day:02}{month:02}{:03}{:02}{serial:03}",
        year.rem_euclid(1000),
        region % 100
    );
    let check = jmbg_check(&first12).unwrap_or(0);
    format!("{first12}{check}")
}

/// The EGN check digit of its first 9 digits.
pub fn egn_check(first9: &str) -> Option<u32> {
    let d: Vec<u32> = first9
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if d.len() != 9 {
        return None;
    }
    let weights = [2, 4, 8, 5, 10, 9, 7, 3, 6];
    let r = d.iter().zip(weights).map(|(a, w)| a * w).sum::<u32>() % 11;
    Some(if r == 10 { 0 } else { r })
}

/// A Bulgarian EGN: `YYMMDD` with 40 added to the month for births from
/// 2000 (20 for the 1800s), three digits whose last is even for men and odd
/// for women, check digit.
pub fn egn(year: i32, month: u32, day: u32, female: bool, serial: u32) -> String {
    let month_code = month
        + if year >= 2000 {
            40
        } else if year < 1900 {
            20
        } else {
            0
        };
    let serial = (serial % 500) * 2 + u32::from(female);
    let first9 = format!(
        "{:02}{month_code:02}{day:02}{serial:03}",
        year.rem_euclid(100)
    );
    let check = egn_check(&first9).unwrap_or(0);
    format!("{first9}{check}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jmbg_and_egn_carry_their_facts_and_check_digits() {
        let j = jmbg(1987, 7, 3, 71, false, 123);
        assert_eq!(&j[..9], "030798771");
        assert_eq!(j.len(), 13);
        assert_eq!(jmbg_check(&j[..12]), j[12..].parse().ok());
        // A widely used valid test number: 0101006500006.
        assert_eq!(jmbg_check("010100650000"), Some(6));
        let e = egn(2003, 5, 14, true, 17);
        assert_eq!(&e[..6], "034514");
        assert_eq!(e.as_bytes()[8] % 2, 1, "odd ninth digit for a woman");
        // A published valid example: 7523169263.
        assert_eq!(egn_check("752316926"), Some(3));
    }
}
