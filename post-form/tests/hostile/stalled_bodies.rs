//! Bodies that stop arriving: a 408, then the connection is closed.

use std::time::{Duration, Instant};

use harness::{
    hostile::{self, Tally},
    http::Connection,
    start_example,
};

use crate::{
    WAIT,
    case::Case,
    checks::{Example, assert_still_running, check_still_well},
    client::Client,
    refusals::{TOO_SLOW, expect_refusal},
};

#[test]
fn clients_that_stop_sending_their_bodies_get_a_408_and_are_let_go() {
    const STALLED: usize = 50;
    let mut server = start_example!("example-2").run();
    let mut tally = Tally::default();
    let baseline = server.open_sockets();
    let mut stalled = Vec::new();
    for index in 0..STALLED {
        tally.inputs += 1;
        // Half a body, chunked or with its length, then silence.
        let raw: &[u8] = if index % 2 == 0 {
            b"POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 40\r\n\r\n{\"firstName\":\"Ada\""
        } else {
            b"POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
              Transfer-Encoding: chunked\r\n\r\n3\r\nfir"
        };
        match Connection::open(server.addr()).and_then(|mut connection| {
            connection.send_raw(raw)?;
            Ok(connection)
        }) {
            Ok(connection) => stalled.push(connection),
            Err(error) => tally.lose(format!("stalled #{index}: {error}")),
        }
    }
    tally.held = stalled.len();
    tally.faults += stalled.len();
    // Others are served meanwhile.
    Client::new(server.addr()).check(
        Example::Two,
        &Case::form(b"firstName=Ada".to_vec()),
        &mut tally,
    );
    let deadline = Instant::now() + Duration::from_secs(5) + WAIT;
    for (index, connection) in stalled.iter_mut().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        match connection.read_response(false, left) {
            Ok(response) => {
                expect_refusal(&response, 408, TOO_SLOW, "stalled body", &mut tally);
                if !connection.is_closed_by_server(WAIT) {
                    tally.lose(format!(
                        "stalled #{index}: connection kept open after the 408"
                    ));
                }
            }
            Err(error) => tally.lose(format!("stalled #{index}: no answer ({error})")),
        }
    }
    drop(stalled);
    if let Err(open) = hostile::wait_for_sockets(&server, baseline, WAIT) {
        tally.lose(format!(
            "{open} sockets open after the stalled clients were answered (baseline {baseline})"
        ));
    }
    check_still_well(&server, &mut tally);
    assert_still_running(&mut server);
    tally.report("post-form example-2", "stalled bodies");
}
