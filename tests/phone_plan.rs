//! The numbering plan against libphonenumber's example numbers: the fixture
//! tests/fixtures/phone-numbers.tsv (written by scripts/phone-fixture.mjs, `make metadata`)
//! holds every region's example of every number type in the ways people write them, the
//! national forms, and numbers libphonenumber calls impossible or invalid.
#![cfg(not(target_arch = "wasm32"))]

use kompaas_confirmation_call::{describe_phone_number, normalize_phone_number};

/// The share of invalid numbers that must be refused.
const MIN_INVALID_REFUSED: f64 = 0.95;
/// The share of example numbers whose region must be libphonenumber's.
const MIN_REGION_AGREEMENT: f64 = 0.99;

struct Fixture {
    valid: Vec<(String, String, Vec<String>)>,
    national: Vec<(String, String, Vec<String>)>,
    invalid: Vec<String>,
}

fn fixture() -> Fixture {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/phone-numbers.tsv"
    );
    let text = std::fs::read_to_string(path).expect("the fixture; `make metadata` writes it");
    let mut fixture = Fixture {
        valid: Vec::new(),
        national: Vec::new(),
        invalid: Vec::new(),
    };
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
        match fields.first().map(String::as_str) {
            Some("V") => {
                fixture
                    .valid
                    .push((fields[1].clone(), fields[2].clone(), fields[3..].to_vec()))
            }
            Some("N") => {
                fixture
                    .national
                    .push((fields[1].clone(), fields[2].clone(), fields[3..].to_vec()))
            }
            Some("I") => fixture.invalid.push(fields[1].clone()),
            _ => panic!("unreadable fixture line {line:?}"),
        }
    }
    assert!(
        fixture.valid.len() > 900 && !fixture.national.is_empty() && fixture.invalid.len() > 1000
    );
    fixture
}

fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole as f64
}

#[test]
fn every_written_form_of_every_example_gives_its_digits() {
    let fixture = fixture();
    let mut failures = Vec::new();
    let mut forms = 0;
    for (digits, _, written) in &fixture.valid {
        for form in written {
            forms += 1;
            match normalize_phone_number(form, None) {
                Ok(got) if &got == digits => {}
                other => failures.push(format!("{form:?} -> {other:?}, expected {digits}")),
            }
        }
    }
    println!(
        "valid forms: {}/{forms} correct ({} example numbers)",
        forms - failures.len(),
        fixture.valid.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn national_forms_with_the_default_country_give_the_digits() {
    let fixture = fixture();
    let mut failures = Vec::new();
    let mut forms = 0;
    for (region, digits, written) in &fixture.national {
        for form in written {
            forms += 1;
            // The region code in either case.
            let default = if forms % 2 == 0 {
                region.to_ascii_lowercase()
            } else {
                region.clone()
            };
            match normalize_phone_number(form, Some(&default)) {
                Ok(got) if &got == digits => {}
                other => failures.push(format!(
                    "{form:?} in {region} -> {other:?}, expected {digits}"
                )),
            }
        }
    }
    println!("national forms: {}/{forms} correct", forms - failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_numbers_are_refused() {
    let fixture = fixture();
    let accepted: Vec<&String> = fixture
        .invalid
        .iter()
        .filter(|form| normalize_phone_number(form, None).is_ok())
        .collect();
    let refused = fixture.invalid.len() - accepted.len();
    let rate = percent(refused, fixture.invalid.len());
    println!(
        "invalid numbers: {refused}/{} refused ({rate:.1}%)",
        fixture.invalid.len()
    );
    let sample: Vec<&&String> = accepted.iter().take(40).collect();
    assert!(
        rate >= MIN_INVALID_REFUSED * 100.0,
        "only {rate:.1}% refused; accepted e.g. {sample:?}"
    );
}

#[test]
fn regions_agree_with_libphonenumber() {
    let fixture = fixture();
    let mut disagreements = Vec::new();
    for (digits, region, _) in &fixture.valid {
        let number = describe_phone_number(&format!("+{digits}"), None).unwrap();
        let expected = (region != "-").then_some(region.as_str());
        if number.region != expected {
            disagreements.push(format!(
                "+{digits}: {:?}, libphonenumber {region}",
                number.region
            ));
        }
        assert_eq!(number.non_geographic, expected.is_none(), "+{digits}");
        assert_eq!(number.region.is_none(), number.non_geographic, "+{digits}");
        assert_eq!(
            format!("{}{}", number.country_calling_code, number.national_number),
            number.digits
        );
    }
    let agreed = fixture.valid.len() - disagreements.len();
    let rate = percent(agreed, fixture.valid.len());
    println!(
        "regions: {agreed}/{} agree with libphonenumber's getRegionCodeForNumber ({rate:.2}%){}{}",
        fixture.valid.len(),
        if disagreements.is_empty() {
            ""
        } else {
            "; differ: "
        },
        disagreements.join(", ")
    );
    assert!(
        rate >= MIN_REGION_AGREEMENT * 100.0,
        "{}",
        disagreements.join("\n")
    );
}
