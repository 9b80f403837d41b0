#include "service/audit_service.h"

namespace qf::service {

Result<store::AuditPage> AuditService::query(const CallContext& call, const store::AuditQuery& q) {
  if (!AccessPolicy::allows(call.actor, Action::kReadAudit)) return forbidden();
  return store::AuditLog::query(ctx_.db, q);
}

Result<store::AuditVerification> AuditService::verify(const CallContext& call) {
  if (!AccessPolicy::allows(call.actor, Action::kReadAudit)) return forbidden();
  return store::AuditLog::verify(ctx_.db);
}

}  // namespace qf::service
