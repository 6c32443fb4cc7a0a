//! Tags through the real app and database (API.md §2.8, §5.8, §6.1): the lifecycle of a
//! caller's own tags, and who may see, attach, detach and delete which tag.

mod access;
mod lifecycle;
