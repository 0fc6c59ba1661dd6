"""Every write of the participants app."""

from participants.services.exit import follow_up_record, participation_exit
from participants.services.intake import (
    PERSON_FIELDS,
    GroundInput,
    ReferralInput,
    evaluate,
    participant_register,
    participant_update,
    participation_admit,
    participation_ground_record,
    participation_not_admit,
    participation_override,
    participation_refer,
    referral_attach_document,
    trial_end,
)
from participants.services.privacy import (
    access_log_record,
    data_export_request,
    participant_anonymise,
    participant_data,
)
from participants.services.programme import (
    ParticipationLimits,
    participation_limits,
    programme_record,
    programme_sign,
)

__all__ = [
    "PERSON_FIELDS",
    "GroundInput",
    "ParticipationLimits",
    "ReferralInput",
    "access_log_record",
    "data_export_request",
    "evaluate",
    "follow_up_record",
    "participant_anonymise",
    "participant_data",
    "participant_register",
    "participant_update",
    "participation_admit",
    "participation_exit",
    "participation_ground_record",
    "participation_limits",
    "participation_not_admit",
    "participation_override",
    "participation_refer",
    "programme_record",
    "programme_sign",
    "referral_attach_document",
    "trial_end",
]
