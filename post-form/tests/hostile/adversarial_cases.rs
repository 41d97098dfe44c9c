//! The fixed adversarial bodies.

use crate::case::Case;

/// The fixed adversarial bodies: what a fuzzer finds only by luck.
pub fn adversarial_cases() -> Vec<Case> {
    let mut json: Vec<Vec<u8>> = vec![
        b"{".repeat(100_000),
        format!("{}1{}", "[".repeat(127), "]".repeat(127)).into_bytes(),
        format!("{}1{}", "[".repeat(128), "]".repeat(128)).into_bytes(),
        format!(
            r#"{{"firstName":"Ada","x":{}1{}}}"#,
            "[".repeat(126),
            "]".repeat(126)
        )
        .into_bytes(),
        format!(
            r#"{{"firstName":"Ada","x":{}1{}}}"#,
            "[".repeat(127),
            "]".repeat(127)
        )
        .into_bytes(),
        br#"{"firstName":1e400}"#.to_vec(),
        br#"{"firstName":"Ada","score":1e400}"#.to_vec(),
        br#"{"firstName":-1e99999999999999999999}"#.to_vec(),
        format!(r#"{{"firstName":{}}}"#, "9".repeat(100_000)).into_bytes(),
        format!(r#"{{"firstName":"Ada","n":0.{}1}}"#, "0".repeat(90_000)).into_bytes(),
        br#"{"firstName":123456789012345678901234567890}"#.to_vec(),
        br#"{"firstName":"x","firstName":42}"#.to_vec(),
        br#"{"firstName":42,"firstName":"x"}"#.to_vec(),
        format!(
            r#"{{{}"firstName":"last"}}"#,
            r#""firstName":"a","#.repeat(5_000)
        )
        .into_bytes(),
        br#"{"firstName":"\ud800"}"#.to_vec(),
        br#"{"firstName":"\udc00\ud800"}"#.to_vec(),
        br#"{"firstName":"\ud83d\ude00\u0000"}"#.to_vec(),
        b"{\"firstName\":\"\xff\xfe\"}".to_vec(),
        b"{\"firstName\":\"\xc0\xae\"}".to_vec(),
        b"{\"firstName\":\"\xed\xa0\x80\"}".to_vec(),
        b"\xef\xbb\xbf{\"firstName\":\"Ada\"}".to_vec(),
        b"{\"firstName\":\"a\x01b\"}".to_vec(),
        br#"{"firstName":["Ada"],"lastName":{"$gt":""}}"#.to_vec(),
        br#"{"firstName":true}"#.to_vec(),
        br#"{"__proto__":{"firstName":"x"},"constructor":{"prototype":{}}}"#.to_vec(),
        br#"{"firstName":"Ada"}{"lastName":"Lovelace"}"#.to_vec(),
        br#"{"firstName":"Ada",}"#.to_vec(),
        b"{'firstName':'Ada'}".to_vec(),
        br#"{firstName:"Ada"}"#.to_vec(),
        br#"{"firstName":"Ada" /* comment */}"#.to_vec(),
        b"null".to_vec(),
        b" \t\r\n ".to_vec(),
        b"\0".to_vec(),
        format!(r#"{{"firstName":"{}"}}"#, "\\u0041".repeat(16_000)).into_bytes(),
        format!(r#"{{"firstName":"{}"}}"#, "é".repeat(50_000)).into_bytes(),
    ];
    json.push(format!("{}{}", "[".repeat(100_000), "]".repeat(2_000)).into_bytes());
    let form: Vec<Vec<u8>> = vec![
        "firstName=a&".repeat(5_000).into_bytes(),
        format!("{}firstName=Ada", "x=1&".repeat(20_000)).into_bytes(),
        "&".repeat(100_000).into_bytes(),
        "=".repeat(100_000).into_bytes(),
        "%".repeat(100_000).into_bytes(),
        b"firstName=%FF%FE%C0%AE%ED%A0%80&lastName=%F4%90%80%80".to_vec(),
        b"firstName=\xff\xfe&lastName=\xc0".to_vec(),
        b"first%4Eame=Ada&%6castName=Lovelace".to_vec(),
        b"firstName=Ada&first%4Eame=Augusta".to_vec(),
        b"firstName%00=x&firstName=Ada".to_vec(),
        b"firstName[]=a&lastName[x]=b".to_vec(),
        b"firstName=a;lastName=b".to_vec(),
        b"firstName=%zz%2%&lastName=%%%".to_vec(),
        b"firstName&lastName".to_vec(),
        b"firstName=a=b=c&lastName==".to_vec(),
        b"firstName=%0Ayou+posted%3A&lastName=%1B%5B31m".to_vec(),
        br#"{"firstName":"Ada"}"#.to_vec(),
        format!("firstName={}", "%41".repeat(30_000)).into_bytes(),
        format!("firstName={}", "%F0%9F%98%80".repeat(8_000)).into_bytes(),
    ];
    json.into_iter()
        .map(Case::json)
        .chain(form.into_iter().map(Case::form))
        .collect()
}
