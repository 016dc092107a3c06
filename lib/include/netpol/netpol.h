// Umbrella header for the netpol library.
#ifndef NETPOL_NETPOL_H_
#define NETPOL_NETPOL_H_

#include "netpol/allow_graph.h"
#include "netpol/check.h"
#include "netpol/diagnostic.h"
#include "netpol/endpoint.h"
#include "netpol/endpoint_ref.h"
#include "netpol/evaluator.h"
#include "netpol/graph_output.h"
#include "netpol/intent.h"
#include "netpol/ip.h"
#include "netpol/label_selector.h"
#include "netpol/loader.h"
#include "netpol/model.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"
#include "netpol/version.h"

#endif  // NETPOL_NETPOL_H_
