//! example-1 as a process: its banner. (What it answers is tested in-process, in the example.)

use harness::start_example;

#[test]
fn the_banner_is_the_originals_with_the_port_bound() {
    let server = start_example!("example-1").run();
    assert_eq!(
        server.banner,
        format!(
            "Server is running. Point your browser to: http://localhost:{}",
            server.port
        )
    );
}
