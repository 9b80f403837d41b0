// TransportCheckService: checks of goods in transport (the plan's 五(五)):
// 公安 and 交通运输 check consignments at road checkpoints (公路检查站),
// logistics and express companies (物流寄递, 快递) and bus stations, and
// hand a finding over to the department that deals with it.
//
//  - A check records where and when, the company (logistics/express checks
//    are counted per company for 交通运输's 抽检抽查 supervision), the
//    waybill, sender and receiver, vehicle plate, route, goods, whether it
//    was a random spot check, and the finding (none | wildlife |
//    wildlife_product | banned_tool | other) with species and quantities.
//  - Sender and receiver names and phones are personal data: sealed at rest
//    (FieldCipher, as a tip reporter's). A record's detail shows them to its
//    owner department and the office; lists, other readers and the audit log
//    always get them masked (张*, 139****5678).
//  - Hand-over (移交, 五(五): 及时移交林业和草原、农业农村或者市场监管部门查处):
//    in one transaction a case is opened for the checking department
//    (illegal_transport, source transport_check, place road_transport) and a
//    handover transfer to the receiving department is requested through
//    CaseService — the receiver then finds it among its pending transfers,
//    reads the case, and accepts or returns it as for any transfer. The
//    check is shared with the receiver and keeps the case and transfer ids;
//    a second hand-over is kConflict. Without a department named, the
//    receiver follows 六: banned tools on sale are 市场监管's (SJ); wildlife
//    is 农业农村's (NY) when every species the catalog knows by that name is
//    aquatic, else 林草's (LC).
//
// Permissions: recording and handing over need kRecordTransportChecks (公安,
// 交通运输, the office). Reading needs no field duty: any staff member reads
// the checks the row-level rule shows (own department, shared, or all for
// office and inspector); others are kNotFound. Every write is audited in
// its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/case_service.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/transport_check_repository.h"

namespace qf::service {

// kind: checkpoint 公路检查站 | logistics 物流寄递 | express 快递 |
// bus_station 客运站 | other 其他.
std::optional<std::string_view> transport_check_kind_label(std::string_view kind);
// finding: none 未发现 | wildlife 野生动物 | wildlife_product 野生动物制品 |
// banned_tool 禁用猎捕工具/渔具 | other 其他.
std::optional<std::string_view> transport_finding_label(std::string_view finding);

struct NewTransportCheck {
  std::string kind;  // required
  std::string place_text;
  std::optional<double> lon, lat;  // both or neither
  std::int64_t checked_at = 0;     // epoch ms, required, not in the future
  std::string company;             // required for logistics and express
  std::string waybill_no;
  std::string sender_name, sender_phone, receiver_name, receiver_phone;
  std::string vehicle_plate;
  std::string route_origin, route_destination;
  std::string goods;
  bool spot_check = false;
  std::string finding = "none";
  std::string finding_note;  // finding_note or species_text required with a finding
  std::string species_text;
  std::optional<std::int64_t> quantity;    // pieces, ≥ 0
  std::optional<double> weight_kg;         // ≥ 0
  std::vector<std::int64_t> evidence_ids;  // evidence the actor can see
};

struct TransportCheckFilters {
  std::optional<std::string> kind;
  std::optional<std::string> finding;  // a finding code, or "any"
  std::optional<std::int64_t> company_id;
  std::optional<std::int64_t> checked_from, checked_to;  // [from, to) epoch ms
  int limit = 20;
  int offset = 0;
};

// A check as one actor may see it: personal fields opened or masked.
struct TransportCheckView {
  store::TransportCheck check;
  std::string sender_name, sender_phone, receiver_name, receiver_phone;
  bool personal_revealed = false;
  std::vector<std::int64_t> evidence_ids;
};

struct HandoverRequest {
  std::optional<std::string> department_code;  // LC | NY | SJ; default from 六
  std::string note;
};

struct HandoverResult {
  TransportCheckView check;
  Case created_case;
  store::TransferRecord transfer;
  std::vector<std::string> reasons;  // why this department (Chinese)
};

nlohmann::json to_json(const TransportCheckView& v);
nlohmann::json to_json(const HandoverResult& r);
nlohmann::json to_json(const store::CompanyCompliance& c);

class TransportCheckService {
 public:
  explicit TransportCheckService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<TransportCheckView> record(const CallContext& call, const NewTransportCheck& in);
  // Newest first; personal fields masked.
  Result<Page<TransportCheckView>> list(const CallContext& call, const TransportCheckFilters& f);
  Result<TransportCheckView> get(const CallContext& call, std::int64_t id);
  Result<HandoverResult> handover(const CallContext& call, std::int64_t id,
                                  const HandoverRequest& r);
  // Every company with its checks, spot checks, findings and last check,
  // counted over the checks the caller may see.
  Result<std::vector<store::CompanyCompliance>> companies(const CallContext& call);

 private:
  Result<TransportCheckView> view_of(const CallContext& call, store::TransportCheck c, bool detail);
  ServiceContext& ctx_;
};

}  // namespace qf::service
