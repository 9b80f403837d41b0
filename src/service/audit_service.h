// AuditService: reading and verifying the audit log (office, inspector,
// admin). Writing happens through audit_writer.h inside each write.
#pragma once

#include "core/result.h"
#include "service/service_context.h"
#include "store/audit_log.h"

namespace qf::service {

class AuditService {
 public:
  explicit AuditService(ServiceContext& ctx) : ctx_(ctx) {}
  Result<store::AuditPage> query(const CallContext& call, const store::AuditQuery& q);
  Result<store::AuditVerification> verify(const CallContext& call);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
