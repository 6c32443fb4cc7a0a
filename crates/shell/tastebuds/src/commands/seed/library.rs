//! Step 4: the demo user's library, through the user-state use cases: logs of every type,
//! which move the states as API.md §5.7 says, and a few full state replacements (ratings,
//! favorites, and the `paused` and `dropped` statuses no log can reach), so every status
//! is present. An item that already has a state or a log of the demo user is left alone.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use tastebuds_kernel::UserId;
use tastebuds_user_state::{
    GoalTarget, LogDraft, LogFilter, LogNotes, LogPage, LogType, MinutesSpent, ProgressPercent,
    Rating, StateReplacement, UserItemStatus, UserStateService,
};

use super::media::DemoItems;
use super::payloads::Demo;
use super::tally::Tally;
use super::valid;

/// One log to record, dated `days_ago` days before the run.
struct LogPlan {
    log_type: LogType,
    days_ago: i64,
    notes: Option<&'static str>,
    minutes: Option<i64>,
    progress: Option<i64>,
    /// A goal's target and its due date, in days from the run.
    goal: Option<(&'static str, i64)>,
}

/// A state to put after the logs (dates in days before the run).
struct StatePlan {
    status: UserItemStatus,
    rating: Option<i64>,
    favorite: bool,
    notes: Option<&'static str>,
    started_days_ago: Option<i64>,
    finished_days_ago: Option<i64>,
}

/// What the demo user did with one item.
struct ItemPlan {
    demo: Demo,
    logs: Vec<LogPlan>,
    state: Option<StatePlan>,
}

const fn log(log_type: LogType, days_ago: i64) -> LogPlan {
    LogPlan {
        log_type,
        days_ago,
        notes: None,
        minutes: None,
        progress: None,
        goal: None,
    }
}

/// The demo library: every status of §5.7 and every log type.
fn plans() -> Vec<ItemPlan> {
    use LogType::{Finished, Goal, Note, Progress, Started};
    use UserItemStatus::{Consumed, Dropped, Paused};
    vec![
        ItemPlan {
            demo: Demo::Dune,
            logs: vec![
                log(Started, 40),
                LogPlan {
                    progress: Some(45),
                    minutes: Some(300),
                    notes: Some("The Bene Gesserit test, what a start."),
                    ..log(Progress, 30)
                },
                LogPlan {
                    minutes: Some(420),
                    ..log(Finished, 20)
                },
            ],
            state: Some(StatePlan {
                status: Consumed,
                rating: Some(9),
                favorite: true,
                notes: Some("Read it before the films. The appendices are worth it."),
                started_days_ago: Some(40),
                finished_days_ago: Some(20),
            }),
        },
        ItemPlan {
            demo: Demo::DuneJapanese,
            logs: vec![LogPlan {
                goal: Some(("Read the new translation", 60)),
                ..log(Goal, 3)
            }],
            state: None,
        },
        ItemPlan {
            demo: Demo::Matrix,
            logs: vec![LogPlan {
                minutes: Some(136),
                notes: Some("Rewatched on a big screen."),
                ..log(Finished, 10)
            }],
            state: Some(StatePlan {
                status: Consumed,
                rating: Some(10),
                favorite: true,
                notes: None,
                started_days_ago: Some(10),
                finished_days_ago: Some(10),
            }),
        },
        ItemPlan {
            demo: Demo::SpiritedAway,
            logs: vec![
                LogPlan {
                    notes: Some("Save for a rainy Sunday."),
                    ..log(Note, 6)
                },
                LogPlan {
                    goal: Some(("Watch with the kids", 14)),
                    ..log(Goal, 5)
                },
            ],
            state: None,
        },
        ItemPlan {
            demo: Demo::Shogun,
            logs: vec![
                LogPlan {
                    minutes: Some(60),
                    ..log(Started, 7)
                },
                LogPlan {
                    progress: Some(60),
                    minutes: Some(240),
                    ..log(Progress, 2)
                },
            ],
            state: None,
        },
        ItemPlan {
            demo: Demo::Witcher,
            logs: vec![
                log(Started, 90),
                LogPlan {
                    progress: Some(30),
                    minutes: Some(1800),
                    ..log(Progress, 80)
                },
                LogPlan {
                    notes: Some("The side quests are eating my life."),
                    ..log(Note, 75)
                },
            ],
            state: Some(StatePlan {
                status: Paused,
                rating: Some(8),
                favorite: false,
                notes: Some("Back to it after the holidays."),
                started_days_ago: Some(90),
                finished_days_ago: None,
            }),
        },
        ItemPlan {
            demo: Demo::Hades,
            logs: vec![LogPlan {
                minutes: Some(120),
                ..log(Started, 60)
            }],
            state: Some(StatePlan {
                status: Dropped,
                rating: Some(6),
                favorite: false,
                notes: Some("Great, but roguelikes are not for me."),
                started_days_ago: Some(60),
                finished_days_ago: None,
            }),
        },
        ItemPlan {
            demo: Demo::Comptine,
            logs: vec![LogPlan {
                minutes: Some(3),
                ..log(Finished, 1)
            }],
            state: Some(StatePlan {
                status: Consumed,
                rating: Some(9),
                favorite: true,
                notes: None,
                started_days_ago: Some(1),
                finished_days_ago: Some(1),
            }),
        },
        ItemPlan {
            demo: Demo::Sakura,
            logs: vec![LogPlan {
                goal: Some(("Learn it on the piano", 30)),
                ..log(Goal, 4)
            }],
            state: None,
        },
    ]
}

/// Seeds the library of `user`; the tally counts items.
///
/// # Errors
/// Storage failures.
pub async fn seed(
    service: &UserStateService,
    user: UserId,
    items: &DemoItems,
    now: DateTime<Utc>,
) -> anyhow::Result<Tally> {
    let states = service.list_states(user).await?;
    let mut tally = Tally::default();
    for plan in plans() {
        let item = items.id(plan.demo)?;
        let filter = LogFilter {
            media_item_id: Some(item),
            log_type: None,
            page: LogPage::default(),
        };
        let known = states.iter().any(|state| state.media_item_id == item)
            || !service.list_logs(user, filter).await?.is_empty();
        tally.add(!known);
        if known {
            continue;
        }
        for entry in &plan.logs {
            service.record_log(user, draft(item, entry, now)?).await?;
        }
        if let Some(state) = &plan.state {
            service
                .put_state(user, item, replacement(state, now)?)
                .await?;
        }
    }
    Ok(tally)
}

fn draft(
    item: tastebuds_kernel::MediaItemId,
    plan: &LogPlan,
    now: DateTime<Utc>,
) -> anyhow::Result<LogDraft> {
    let (goal_target, goal_due_on) = match plan.goal {
        Some((target, due_in_days)) => (
            Some(valid("a goal target", GoalTarget::parse(target))?),
            Some(day(now, -due_in_days)),
        ),
        None => (None, None),
    };
    Ok(LogDraft {
        media_item_id: item,
        log_type: plan.log_type,
        notes: plan
            .notes
            .map(|notes| valid("log notes", LogNotes::parse(notes)))
            .transpose()?,
        minutes_spent: plan
            .minutes
            .map(|minutes| valid("minutes", MinutesSpent::new(minutes)))
            .transpose()?,
        progress_percent: plan
            .progress
            .map(|progress| valid("progress", ProgressPercent::new(progress)))
            .transpose()?,
        goal_target,
        goal_due_on,
        logged_at: Some(now - Duration::days(plan.days_ago)),
    })
}

fn replacement(plan: &StatePlan, now: DateTime<Utc>) -> anyhow::Result<StateReplacement> {
    Ok(StateReplacement {
        status: plan.status,
        rating: plan
            .rating
            .map(|rating| valid("a rating", Rating::new(rating)))
            .transpose()?,
        favorite: plan.favorite,
        notes: plan.notes.map(str::to_owned),
        started_at: plan.started_days_ago.map(|days| now - Duration::days(days)),
        finished_at: plan
            .finished_days_ago
            .map(|days| now - Duration::days(days)),
    })
}

/// The date `days_ago` days before `now` (negative: after).
fn day(now: DateTime<Utc>, days_ago: i64) -> NaiveDate {
    (now - Duration::days(days_ago)).date_naive()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_plan_covers_every_status_and_every_log_type() {
        let plans = plans();
        let log_types: HashSet<LogType> = plans
            .iter()
            .flat_map(|p| p.logs.iter().map(|l| l.log_type))
            .collect();
        assert_eq!(log_types.len(), LogType::ALL.len());
    }
}
