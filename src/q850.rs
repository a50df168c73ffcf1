//! ITU-T Q.850 cause values and their names: what a telecom engineer looks up when the
//! provider reports a `q931_status`.

#[allow(unused_imports)]
use crate::prelude::*;

/// The Q.850 (05/98) cause values with their names, in ascending order, with cause 24 of
/// its Amendment 1.
const CAUSE_NAMES: &[(u8, &str)] = &[
    (1, "unallocated (unassigned) number"),
    (2, "no route to specified transit network"),
    (3, "no route to destination"),
    (4, "send special information tone"),
    (5, "misdialled trunk prefix"),
    (6, "channel unacceptable"),
    (
        7,
        "call awarded and being delivered in an established channel",
    ),
    (8, "preemption"),
    (9, "preemption - circuit reserved for reuse"),
    (14, "QoR: ported number"),
    (16, "normal call clearing"),
    (17, "user busy"),
    (18, "no user responding"),
    (19, "no answer from user (user alerted)"),
    (20, "subscriber absent"),
    (21, "call rejected"),
    (22, "number changed"),
    (23, "redirection to new destination"),
    // Amendment 1 (07/2001) of Q.850.
    (24, "call rejected due to feature at the destination"),
    (25, "exchange routing error"),
    (26, "non-selected user clearing"),
    (27, "destination out of order"),
    (28, "invalid number format (address incomplete)"),
    (29, "facility rejected"),
    (30, "response to STATUS ENQUIRY"),
    (31, "normal, unspecified"),
    (34, "no circuit/channel available"),
    (38, "network out of order"),
    (39, "permanent frame mode connection out of service"),
    (40, "permanent frame mode connection operational"),
    (41, "temporary failure"),
    (42, "switching equipment congestion"),
    (43, "access information discarded"),
    (44, "requested circuit/channel not available"),
    (46, "precedence call blocked"),
    (47, "resource unavailable, unspecified"),
    (49, "quality of service not available"),
    (50, "requested facility not subscribed"),
    (53, "outgoing calls barred within CUG"),
    (55, "incoming calls barred within CUG"),
    (57, "bearer capability not authorized"),
    (58, "bearer capability not presently available"),
    (
        62,
        "inconsistency in designated outgoing access information and subscriber class",
    ),
    (63, "service or option not available, unspecified"),
    (65, "bearer capability not implemented"),
    (66, "channel type not implemented"),
    (69, "requested facility not implemented"),
    (
        70,
        "only restricted digital information bearer capability is available",
    ),
    (79, "service or option not implemented, unspecified"),
    (81, "invalid call reference value"),
    (82, "identified channel does not exist"),
    (
        83,
        "a suspended call exists, but this call identity does not",
    ),
    (84, "call identity in use"),
    (85, "no call suspended"),
    (
        86,
        "call having the requested call identity has been cleared",
    ),
    (87, "user not member of CUG"),
    (88, "incompatible destination"),
    (90, "non-existent CUG"),
    (91, "invalid transit network selection"),
    (95, "invalid message, unspecified"),
    (96, "mandatory information element is missing"),
    (97, "message type non-existent or not implemented"),
    (
        98,
        "message not compatible with call state or message type non-existent or not implemented",
    ),
    (
        99,
        "information element/parameter non-existent or not implemented",
    ),
    (100, "invalid information element contents"),
    (101, "message not compatible with call state"),
    (102, "recovery on timer expiry"),
    (103, "parameter non-existent or not implemented, passed on"),
    (110, "message with unrecognized parameter, discarded"),
    (111, "protocol error, unspecified"),
    (127, "interworking, unspecified"),
];

/// The name of a cause value for a result: its Q.850 name, or "unknown cause N".
pub(crate) fn cause_text(cause: u8) -> String {
    cause_name(cause).map_or_else(
        || text!("unknown cause ", crate::field::decimal(cause.into())),
        str::to_owned,
    )
}

/// The Q.850 name of a cause value, or `None` for a value Q.850 leaves unassigned.
pub fn cause_name(cause: u8) -> Option<&'static str> {
    CAUSE_NAMES
        .binary_search_by_key(&cause, |&(value, _)| value)
        .ok()
        .and_then(|i| CAUSE_NAMES.get(i))
        .map(|&(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_so_binary_search_finds_every_entry() {
        assert!(CAUSE_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        for &(value, name) in CAUSE_NAMES {
            assert_eq!(cause_name(value), Some(name));
        }
    }

    #[test]
    fn names_the_providers_causes() {
        assert_eq!(cause_name(16), Some("normal call clearing"));
        assert_eq!(cause_name(17), Some("user busy"));
        assert_eq!(cause_name(31), Some("normal, unspecified"));
        assert_eq!(cause_name(41), Some("temporary failure"));
        assert_eq!(cause_name(1), Some("unallocated (unassigned) number"));
        assert_eq!(cause_name(127), Some("interworking, unspecified"));
    }

    #[test]
    fn cause_24_of_amendment_1_is_named() {
        assert_eq!(
            cause_name(24),
            Some("call rejected due to feature at the destination")
        );
    }

    #[test]
    fn unassigned_values_have_no_name() {
        for value in [0, 10, 15, 32, 126] {
            assert_eq!(cause_name(value), None);
        }
    }
}
