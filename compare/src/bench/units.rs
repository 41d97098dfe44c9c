//! Numbers as the table and the chart show them.

use std::time::Duration;

/// `1,234,567`.
pub fn thousands(value: f64) -> String {
    let whole = value.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `0.41 ms`, `15.1 ms`, `1004 ms`.
pub fn latency(duration: Duration) -> String {
    let millis = duration.as_secs_f64() * 1000.0;
    if millis >= 100.0 {
        format!("{millis:.0} ms")
    } else if millis >= 10.0 {
        format!("{millis:.1} ms")
    } else {
        format!("{millis:.2} ms")
    }
}

/// CPU time per request, in microseconds: `5.9 µs`, `212 µs`.
pub fn cpu(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros >= 100.0 {
        format!("{micros:.0} µs")
    } else {
        format!("{micros:.1} µs")
    }
}

pub fn mebibytes(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_readable() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(latency(Duration::from_micros(412)), "0.41 ms");
        assert_eq!(latency(Duration::from_millis(1004)), "1004 ms");
        assert_eq!(mebibytes(2048), "2.0 MiB");
        assert_eq!(cpu(Duration::from_nanos(5_940)), "5.9 µs");
        assert_eq!(cpu(Duration::from_micros(212)), "212 µs");
    }
}
