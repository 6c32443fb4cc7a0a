//! `tastebuds healthcheck`: a dependency-free HTTP/1.0 probe for container health checks.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

/// Exit 0 when `GET http://127.0.0.1:{port}/health` answers 200 within `timeout`.
pub fn run(port: u16, timeout: Duration) -> ExitCode {
    match probe(port, timeout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("unhealthy: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Sends the request and checks the status line.
fn probe(port: u16, timeout: Duration) -> anyhow::Result<()> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    stream.write_all(b"GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
    let mut status_line = String::new();
    BufReader::new(stream.take(1024)).read_line(&mut status_line)?;
    let status = status_line.split_whitespace().nth(1);
    anyhow::ensure!(
        status == Some("200"),
        "GET {address}/health answered {:?}",
        status_line.trim()
    );
    Ok(())
}
