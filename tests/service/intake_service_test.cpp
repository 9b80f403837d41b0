// IntakeService on both backends: a signed event becomes a tip of its
// channel; the same event again answers the same tip; a bad or missing
// signature, a stale timestamp, a malformed or invalid payload and a key
// without events:write are refused and logged — reason and key id, never
// the body — and nothing else is stored.
#include "service/intake_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "service/auth_service.h"
#include "service/tip_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::count_rows;
using testing::ServiceFixture;

IntakeEventInput grid_event(const std::string& id = "GW-1") {
  IntakeEventInput e;
  e.event_id = id;
  e.source = "grid_worker";
  e.occurred_at = now_ms() - 600000;
  e.description = "河滩发现粘网 3 张";
  e.place_text = "迎水桥镇黄河湿地";
  e.lon = 105.06;
  e.lat = 37.49;
  e.species_text = "斑鸠";
  e.reporter_name = "网格员马某";
  e.reporter_phone = "13911112222";
  return e;
}

std::string body_of(const IntakeEventInput& e) {
  return nlohmann::json{{"event_id", e.event_id},
                        {"source", e.source},
                        {"occurred_at", e.occurred_at},
                        {"description", e.description}}
      .dump();
}

class IntakeServiceTest : public ::testing::Test {
 protected:
  IntakeServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")),
        wx_officer(f.make_user("wx-officer", Role::kOfficer, "WX")),
        sender(f.make_user("xueliang", Role::kIntegration, "OFFICE")) {
    key = issue({"events:write"});
  }

  std::string issue(const std::vector<std::string>& scopes) {
    auto k = AuthService(f.ctx()).issue_api_key(cli_call_context(), sender.id, "对接", scopes);
    EXPECT_TRUE(k) << (k ? "" : k.error().message);
    return k ? k->key : "";
  }

  CallContext call_with(const std::string& k) {
    auto actor = AuthService(f.ctx()).authenticate(k);
    EXPECT_TRUE(actor);
    return CallContext{actor ? *actor : Actor{}, "req", "10.0.0.9"};
  }

  SignedDelivery signed_delivery(const IntakeEventInput& e, const std::string& k,
                                 std::int64_t at = 0) {
    const std::string ts = std::to_string(at ? at : now_ms());
    const std::string body = body_of(e);
    return SignedDelivery{k, ts, intake_signature(k, ts, body), body, e};
  }

  ServiceFixture f;
  store::User office, admin, wx_officer, sender;
  std::string key;
};

TEST_F(IntakeServiceTest, SignedEventBecomesTipAndReplayAnswersTheSameTip) {
  IntakeService svc(f.ctx());
  auto first = svc.receive(call_with(key), signed_delivery(grid_event(), key));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->replayed);
  EXPECT_GT(first->event.tip_id, 0);
  auto tip = TipService(f.ctx()).get(f.as(office), first->event.tip_id);
  ASSERT_TRUE(tip) << tip.error().message;
  EXPECT_EQ(tip->tip.channel, "grid_worker");
  EXPECT_EQ(tip->tip.reporter_category, "grid_worker");
  EXPECT_EQ(tip->reporter_phone, "13911112222");  // the office reads it; sealed at rest
  EXPECT_NE(tip->tip.content.find("GW-1"), std::string::npos);

  auto again = svc.receive(call_with(key), signed_delivery(grid_event(), key));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->event.tip_id, first->event.tip_id);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM tips"), 1);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM intake_events"), 1);

  IntakeEventInput camera = grid_event("XL-7");
  camera.source = "xueliang_video";
  camera.camera_id = "CAM-0457";
  auto video = svc.receive(call_with(key), signed_delivery(camera, key));
  ASSERT_TRUE(video) << video.error().message;
  auto vtip = TipService(f.ctx()).get(f.as(office), video->event.tip_id);
  ASSERT_TRUE(vtip);
  EXPECT_EQ(vtip->tip.channel, "xueliang_video");

  auto listed = svc.events(f.as(office), std::nullopt, 20, 0);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->total, 2);
  auto own = svc.events(call_with(key), std::string("xueliang_video"), 20, 0);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->total, 1);
  auto refused = svc.events(f.as(wx_officer), std::nullopt, 20, 0);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

TEST_F(IntakeServiceTest, RefusalsAreLoggedAndNothingIsStored) {
  IntakeService svc(f.ctx());
  const CallContext call = call_with(key);

  SignedDelivery bad = signed_delivery(grid_event(), key);
  bad.signature = intake_signature("qfk_not-the-key", *bad.timestamp, bad.body);
  auto r1 = svc.receive(call, bad);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().code, ErrorCode::kUnauthenticated);

  SignedDelivery missing = signed_delivery(grid_event(), key);
  missing.signature.reset();
  auto r2 = svc.receive(call, missing);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, ErrorCode::kUnauthenticated);

  auto stale = svc.receive(call, signed_delivery(grid_event(), key, now_ms() - 6 * 60 * 1000));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kMalformedRequest);

  SignedDelivery no_time = signed_delivery(grid_event(), key);
  no_time.timestamp = "yesterday";
  auto r3 = svc.receive(call, no_time);
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code, ErrorCode::kMalformedRequest);

  SignedDelivery malformed = signed_delivery(grid_event(), key);
  malformed.event = tl::unexpected(
      Error{ErrorCode::kMalformedRequest, "事件数据有误", {{"occurred_at", "应为整数"}}, 0});
  auto r4 = svc.receive(call, malformed);
  ASSERT_FALSE(r4);
  EXPECT_EQ(r4.error().code, ErrorCode::kMalformedRequest);

  IntakeEventInput wrong = grid_event();
  wrong.source = "telegram";
  wrong.description = " ";
  auto r5 = svc.receive(call, signed_delivery(wrong, key));
  ASSERT_FALSE(r5);
  EXPECT_EQ(r5.error().code, ErrorCode::kMalformedRequest);
  EXPECT_EQ(r5.error().fields.size(), 2u);

  IntakeEventInput bad_phone = grid_event();
  bad_phone.reporter_phone = "12";
  auto r6 = svc.receive(call, signed_delivery(bad_phone, key));
  ASSERT_FALSE(r6);
  EXPECT_EQ(r6.error().code, ErrorCode::kMalformedRequest);

  const std::string listings_key = issue({"listings:write"});
  auto r7 = svc.receive(call_with(listings_key), signed_delivery(grid_event(), listings_key));
  ASSERT_FALSE(r7);
  EXPECT_EQ(r7.error().code, ErrorCode::kForbidden);

  const Error e = svc.refuse_unauthenticated(CallContext{{}, "req", "10.0.0.9"},
                                             Error{ErrorCode::kUnauthenticated, "x", {}, 0});
  EXPECT_EQ(e.code, ErrorCode::kUnauthenticated);

  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM tips"), 0);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM intake_events"), 0);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM intake_rejections"), 9);
  // Never the body's personal data nor the key.
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM intake_rejections WHERE detail LIKE "
                       "'%1391111%' OR detail LIKE '%粘网%' OR detail LIKE '%qfk_%'"),
            0);

  auto log = svc.rejections(f.as(office), 50, 0);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->total, 9);
  std::multiset<std::string> reasons;
  for (const auto& r : log->items) reasons.insert(r.reason);
  for (const char* why : {"bad_signature", "missing_signature", "stale_timestamp", "bad_timestamp",
                          "malformed", "invalid", "forbidden", "unauthenticated"})
    EXPECT_TRUE(reasons.count(why)) << why;
  EXPECT_EQ(reasons.count("invalid"), 2u);
  for (const auto& r : log->items) {
    if (r.reason == "unauthenticated") {
      EXPECT_FALSE(r.api_key_id.has_value());
    } else {
      EXPECT_TRUE(r.api_key_id.has_value()) << r.reason;
    }
    EXPECT_EQ(r.client_address, "10.0.0.9");
  }
  EXPECT_TRUE(svc.rejections(f.as(admin), 50, 0));
  auto hidden = svc.rejections(f.as(wx_officer), 50, 0);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kForbidden);

  // After all that, the genuine event still goes in once.
  auto good = svc.receive(call, signed_delivery(grid_event(), key));
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_FALSE(good->replayed);
}

}  // namespace
}  // namespace qf::service
