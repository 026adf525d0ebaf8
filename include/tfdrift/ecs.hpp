// tfdrift: Terraform drift detection for Amazon ECS from CloudTrail. Include this header.
#pragma once

#include "version.hpp"
#include "error.hpp"
#include "stop.hpp"
#include "alert.hpp"
#include "catalog.hpp"
#include "cloudtrail.hpp"
#include "state.hpp"
#include "diff.hpp"
#include "config.hpp"
#include "actor.hpp"
#include "outcome.hpp"
#include "ledger.hpp"
#include "metrics.hpp"
#include "detector.hpp"
#include "format.hpp"
