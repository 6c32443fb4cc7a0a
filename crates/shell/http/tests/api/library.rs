//! States, logs and the library through the real app and database (API.md §2.7, §5.7,
//! §6.1). The library's statement count, constant in its size, is pinned where its
//! queries live: `tastebuds-postgres`' `the_library_takes_the_same_number_of_queries_
//! however_big` (1 and 40 items); the service makes exactly one store call per request.

mod derivation;
mod listing;
mod logs;
mod states;
mod support;
