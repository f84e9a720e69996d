//! Hostile input, one file per class: each case ends within bounded time and memory with a
//! clear finding or error, never a panic, a hang, an OOM or a silent success.

mod catalogs;
mod explore;
mod generated;
mod output;
mod reads;
mod schemas;
mod writes;
