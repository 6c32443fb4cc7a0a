#![doc = include_str!("../README.md")]

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser as _;
use tastebuds_http::Settings;

use crate::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::from_process_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match commands::run(cli.command, settings) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
