// The catalog's account-wide calls: account setting defaults (account_setting_default.go), account settings of a principal, and TagResource / UntagResource.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// account_setting_default.go: PutAccountSettingDefault sets the value the resource reads.
inline constexpr std::array<field_map, 1> account_setting_default_fields{{
    {"value", "value", compare_kind::string},
}};
// TagResource / UntagResource on any taggable ECS ARN: the tags compared with tags_all key by
// key (tags_gen.go, the provider's own tag updates use these two calls too).
inline constexpr std::array<field_map, 1> tag_resource_fields{{
    {"tags", "tags", compare_kind::tags},
}};
inline constexpr std::array<field_map, 1> untag_resource_fields{{
    {"tagKeys", "tags", compare_kind::tag_keys},
}};
// PutAccountSetting / DeleteAccountSetting set or clear one principal's override (the caller's
// when principalArn is absent); the resource reads the effective setting of Terraform's own
// principal, which a CloudTrail record does not name, so these are reported as activity.
inline constexpr std::array<std::string_view, 2> put_account_setting_keys{"principalArn", "value"};
inline constexpr std::array<std::string_view, 1> delete_account_setting_keys{"principalArn"};

}  // namespace detail

TFDRIFT_END_NAMESPACE
