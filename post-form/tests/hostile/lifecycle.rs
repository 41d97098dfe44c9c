//! Lifecycle: SIGTERM while posts wait out example-3's delay; a second instance on the same port.

use harness::{hostile::Tally, http::Connection, start_example};
use serde_json::{Value, json};

use crate::{
    JSON, WAIT,
    case::Case,
    checks::{Example, assert_still_running, check_still_well, count_log_lines},
    client::Client,
};

#[test]
fn sigterm_lets_every_post_waiting_out_its_delay_answer_then_exits_0() {
    const IN_FLIGHT: usize = 50;
    let mut server = start_example!("example-3").run();
    let mut tally = Tally::default();
    let mut waiting = Vec::with_capacity(IN_FLIGHT);
    for index in 0..IN_FLIGHT {
        tally.inputs += 1;
        let body = format!(r#"{{"firstName":"Term{index}","lastName":""}}"#);
        let raw = format!(
            "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: {JSON}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        // All but the last byte now, the last bytes together below: the delays overlap.
        match Connection::open(server.addr()).and_then(|mut connection| {
            connection.send_raw(&raw.as_bytes()[..raw.len() - 1])?;
            Ok(connection)
        }) {
            Ok(connection) => waiting.push((index, connection)),
            Err(error) => tally.lose(format!("post {index}: {error}")),
        }
    }
    for (index, connection) in &mut waiting {
        if let Err(error) = connection.send_raw(b"}") {
            tally.lose(format!("post {index}: {error}"));
        }
    }
    let logged = count_log_lines(&server, waiting.len(), WAIT);
    assert_eq!(
        logged,
        waiting.len(),
        "every post arrived and started its delay"
    );
    tally.held = waiting.len();
    tally.faults += 1;
    server.signal("TERM");
    for (index, connection) in &mut waiting {
        match connection.read_response(false, WAIT) {
            Ok(response) => {
                let expected = json!({"firstName": format!("Term{index}"), "lastName": null});
                if response.status != 200
                    || serde_json::from_slice::<Value>(&response.body).ok() != Some(expected)
                {
                    tally.lose(format!(
                        "post {index} after SIGTERM: {} {}",
                        response.status,
                        response.text()
                    ));
                }
            }
            Err(error) => tally.lose(format!("post {index} after SIGTERM: no answer ({error})")),
        }
    }
    drop(waiting);
    // The graceful stop waits at most 3 s for open connections; these closed after their answer.
    match server.wait_for_exit(WAIT) {
        Some(status) if status.success() => {}
        Some(status) => tally.lose(format!("exit status {status:?} after SIGTERM")),
        None => tally.lose(format!("still running {WAIT:?} after SIGTERM")),
    }
    let stderr = server.stderr_to_end(WAIT);
    if !stderr.is_empty() {
        tally.lose(format!("stderr: {}", stderr.join(" / ")));
    }
    tally.report("post-form example-3", "sigterm mid-delay");
}

#[test]
fn a_second_instance_on_the_same_port_fails_with_one_line_and_a_non_zero_exit() {
    let mut first = start_example!("example-3").run();
    let port = first.port.to_string();
    let output = start_example!("example-3")
        .env("PORT", &port)
        .command()
        .output()
        .expect("run the second instance");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: port {port} is already in use")),
        "{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "no banner from the second instance"
    );
    // The first one is untouched.
    let mut tally = Tally::default();
    Client::new(first.addr()).check(
        Example::Three,
        &Case::form(b"firstName=Ada".to_vec()),
        &mut tally,
    );
    check_still_well(&first, &mut tally);
    assert_still_running(&mut first);
    tally.report("post-form example-3", "second instance");
}
