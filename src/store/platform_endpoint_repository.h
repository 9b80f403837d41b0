// PlatformEndpointRepository: the platforms that take takedown notices
// (where, signed with what, acknowledged by which integration account).
// TakedownNoticeRepository: one notice per takedown request, by webhook or
// by hand, with its deadline. Rules (who may manage, what a notice says,
// when it is overdue) live in service/platform_notice_service.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct PlatformEndpoint {
  std::int64_t id = 0;
  std::string code;  // the `platform` of listings
  std::string name;
  std::string notice_url;
  std::string secret_sealed;  // FieldCipher-sealed; "" = none generated
  std::string secret_hint;
  bool enabled = false;
  int deadline_hours = 24;
  std::optional<std::int64_t> account_user_id;
  std::string account_username;  // joined from users, read-only
  std::string note;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // Read-only, filled by list(): takedown notices of this platform that are
  // open (still requested) and open past their deadline at `now`.
  std::int64_t open_notices = 0;
  std::int64_t overdue_notices = 0;
};

class PlatformEndpointRepository {
 public:
  // Sets id, version 1 and the times.
  static Result<PlatformEndpoint> insert(soci::session& s, PlatformEndpoint p);
  // Writes every mutable field if the stored version is still
  // expected_version (else kPreconditionFailed); version + 1.
  static Result<PlatformEndpoint> update(soci::session& s, const PlatformEndpoint& p,
                                         int expected_version);
  static Result<std::optional<PlatformEndpoint>> find_by_code(soci::session& s,
                                                              const std::string& code);
  // By code, with the notice counts at `now`.
  static Result<std::vector<PlatformEndpoint>> list(soci::session& s, std::int64_t now);
};

struct TakedownNotice {
  std::int64_t id = 0;
  std::int64_t listing_id = 0;
  std::string platform;
  std::string channel;  // webhook | manual
  std::optional<std::int64_t> delivery_id;
  std::int64_t requested_at = 0;
  std::int64_t deadline_at = 0;
  std::int64_t sent_at = 0;
  std::int64_t acknowledged_at = 0;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
  // The delivery's progress, joined (webhook channel only).
  std::string delivery_status;  // pending | delivered | failed
  int delivery_attempts = 0;
  std::int64_t delivery_next_attempt_at = 0;
  int delivery_last_status_code = 0;
  std::string delivery_last_error;
};

class TakedownNoticeRepository {
 public:
  // Sets id and created_at.
  static Result<TakedownNotice> insert(soci::session& s, TakedownNotice n);
  static Status set_delivery(soci::session& s, std::int64_t notice_id, std::int64_t delivery_id);
  // The notice of the listing's takedown round that started at
  // `requested_at` (the listing's takedown_requested_at); nullopt: none.
  static Result<std::optional<TakedownNotice>> find_for_round(soci::session& s,
                                                              std::int64_t listing_id,
                                                              std::int64_t requested_at);
  // The notice's webhook was delivered at `at`: the notice is sent, and the
  // listing counts as notified from then if it is still in that round and
  // was not notified before. Nothing happens for an unknown notice.
  static Status mark_sent(soci::session& s, std::int64_t notice_id, std::int64_t at);
  // The platform removed the listing: the round's notice is acknowledged.
  static Status acknowledge(soci::session& s, std::int64_t listing_id, std::int64_t requested_at,
                            std::int64_t at);
  // The notices of many takedown rounds at once — a page of the review
  // queue — in one query: per listing id, the notice of the round that
  // started at the paired requested_at (the newest, should a round have
  // two). Rounds without a notice are absent.
  struct Round {
    std::int64_t listing_id = 0;
    std::int64_t requested_at = 0;
  };
  static Result<std::map<std::int64_t, TakedownNotice>> find_for_rounds(
      soci::session& s, const std::vector<Round>& rounds);
  // Listings still requested whose current notice passed its deadline.
  static Result<std::int64_t> count_overdue(soci::session& s, std::int64_t now);
};

}  // namespace qf::store
