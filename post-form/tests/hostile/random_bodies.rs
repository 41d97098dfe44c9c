//! A few thousand random bodies and the fixed adversarial ones to example-2, and random bodies
//! to example-3, the delayed ones all at once: each answer as the oracle says.

use std::thread;

use harness::{hostile::Tally, start_example};

use crate::{
    adversarial_cases::adversarial_cases,
    checks::{Example, assert_still_running, check_still_well, report_seeded},
    client::Client,
    oracle::Expected,
    random_cases::random_case,
    rng::{Rng, seed},
};

/// Random bodies sent to example-2, split over [`CLIENTS`] keep-alive clients.
const RANDOM_CASES: usize = 3_000;
const CLIENTS: usize = 4;
/// Valid-looking random bodies sent to example-3 all at once (each waits out the 1 s delay).
const DELAYED_CASES: usize = 150;
/// Random bodies that example-3 refuses (at once) after those.
const REFUSED_CASES: usize = 150;

#[test]
fn thousands_of_random_and_adversarial_bodies_get_the_crates_answers_and_never_a_5xx() {
    let seed = seed();
    let mut server = start_example!("example-2").run();
    let addr = server.addr();
    let (mut json_tally, mut form_tally) = (Tally::default(), Tally::default());
    let per_client = RANDOM_CASES / CLIENTS;
    let results: Vec<(Tally, Tally)> = thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|index| {
                scope.spawn(move || {
                    let mut rng = Rng::new(seed, index as u64);
                    let mut client = Client::new(addr);
                    let (mut json, mut form) = (Tally::default(), Tally::default());
                    for _ in 0..per_client {
                        let case = random_case(&mut rng);
                        let tally = if case.json { &mut json } else { &mut form };
                        client.check(Example::Two, &case, tally);
                    }
                    (json, form)
                })
            })
            .collect();
        clients
            .into_iter()
            .map(|client| client.join().expect("client thread"))
            .collect()
    });
    for (json, form) in results {
        merge(&mut json_tally, json);
        merge(&mut form_tally, form);
    }
    // The fixed adversarial cases: nesting, huge numbers, duplicates, wrong types, broken UTF-8.
    let mut client = Client::new(addr);
    for case in adversarial_cases() {
        let tally = if case.json {
            &mut json_tally
        } else {
            &mut form_tally
        };
        client.check(Example::Two, &case, tally);
    }
    check_still_well(&server, &mut json_tally);
    assert_still_running(&mut server);
    report_seeded(
        &mut form_tally,
        seed,
        "post-form example-2",
        "urlencoded bodies",
    );
    report_seeded(&mut json_tally, seed, "post-form example-2", "json bodies");
}

#[test]
fn random_bodies_get_the_same_answers_from_example_3_after_its_delay_all_at_once() {
    let seed = seed();
    let mut server = start_example!("example-3").run();
    let addr = server.addr();
    let mut rng = Rng::new(seed, 100);
    let (mut delayed, mut refused) = (Vec::new(), Vec::new());
    while delayed.len() < DELAYED_CASES || refused.len() < REFUSED_CASES {
        let case = random_case(&mut rng);
        match case.expected {
            Expected::Fields { .. } if delayed.len() < DELAYED_CASES => delayed.push(case),
            Expected::Refused(..) if refused.len() < REFUSED_CASES => refused.push(case),
            _ => {}
        }
    }
    let mut tally = Tally::default();
    // Each post waits at most WAIT (10 s) for its answer: posts that waited one after another
    // would take 150 s.
    let tallies: Vec<Tally> = thread::scope(|scope| {
        let waiting: Vec<_> = delayed
            .iter()
            .map(|case| {
                scope.spawn(move || {
                    let mut tally = Tally::default();
                    Client::new(addr).check(Example::Three, case, &mut tally);
                    tally
                })
            })
            .collect();
        // While those wait out their second, the refusals are answered at once.
        let mut client = Client::new(addr);
        let mut refusals = Tally::default();
        for case in &refused {
            client.check(Example::Three, case, &mut refusals);
        }
        let mut all: Vec<Tally> = waiting
            .into_iter()
            .map(|request| request.join().expect("request thread"))
            .collect();
        all.push(refusals);
        all
    });
    for each in tallies {
        merge(&mut tally, each);
    }
    tally.held = DELAYED_CASES;
    check_still_well(&server, &mut tally);
    assert_still_running(&mut server);
    report_seeded(&mut tally, seed, "post-form example-3", "delayed bodies");
}

fn merge(into: &mut Tally, from: Tally) {
    into.inputs += from.inputs;
    into.faults += from.faults;
    into.held = into.held.max(from.held);
    into.lost.extend(from.lost);
}
