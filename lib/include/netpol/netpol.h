// Umbrella header for the netpol library.
#ifndef NETPOL_NETPOL_H_
#define NETPOL_NETPOL_H_

#include "netpol/allow_graph.h"
#include "netpol/check.h"
#include "netpol/class_engine.h"
#include "netpol/class_graph_output.h"
#include "netpol/cluster_dns.h"
#include "netpol/diagnostic.h"
#include "netpol/endpoint.h"
#include "netpol/endpoint_ref.h"
#include "netpol/evaluator.h"
#include "netpol/explain.h"
#include "netpol/explain_output.h"
#include "netpol/graph_diff.h"
#include "netpol/graph_diff_output.h"
#include "netpol/graph_output.h"
#include "netpol/html_report.h"
#include "netpol/intent.h"
#include "netpol/ip.h"
#include "netpol/label_selector.h"
#include "netpol/loader.h"
#include "netpol/matrix_output.h"
#include "netpol/model.h"
#include "netpol/port_query.h"
#include "netpol/port_set.h"
#include "netpol/reachability.h"
#include "netpol/reachability_output.h"
#include "netpol/source_loc.h"
#include "netpol/svg_output.h"
#include "netpol/version.h"

#endif  // NETPOL_NETPOL_H_
