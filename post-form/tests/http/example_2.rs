//! example-2 as a process: what it prints. (What it answers is tested in-process, in the
//! example.)

use std::time::Duration;

use harness::start_example;

use crate::support::{FORM, post};

#[test]
fn echoing_logs_nothing_on_stdout() {
    let mut server = start_example!("example-2").run();
    let response = post(server.addr(), Some(FORM), b"firstName=Ada");
    assert_eq!(response.status, 200);
    server.signal("INT");
    server
        .wait_for_exit(Duration::from_secs(10))
        .expect("exits after Ctrl-C");
    assert_eq!(
        server.stdout_to_end(Duration::from_secs(5)),
        Vec::<String>::new()
    );
}
