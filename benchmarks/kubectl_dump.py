#!/usr/bin/env python3
"""Writes a synthetic `kubectl get ns,pods,netpol -A -o json` dump.

Pods carry what a real dump holds and netpol does not read: managedFields
(kube-controller-manager's and the kubelet's, as `f:` field sets), owner
references, containers with probes, env and resources, and a full status with
conditions and container statuses. That is what makes real dumps large: a
20,000-pod dump is ~100 MB, of which netpol reads a few percent.

    benchmarks/kubectl_dump.py --pods 20000 --out /tmp/dump.json
    /usr/bin/time -v build/tools/netpol graph --format summary /tmp/dump.json

--one-line writes the whole dump on one line (as `jq -c` does); the default
indents with four spaces, as kubectl does.
"""
import argparse
import json
import sys


def managed_fields(app):
    controller = {
        "f:metadata": {
            "f:generateName": {},
            "f:labels": {".": {}, "f:app": {}, "f:pod-template-hash": {}},
            "f:ownerReferences": {".": {}, 'k:{"uid":"0c4a"}': {}},
        },
        "f:spec": {
            "f:containers": {
                'k:{"name":"%s"}' % app: {
                    ".": {}, "f:env": {".": {}, 'k:{"name":"MODE"}': {".": {}, "f:name": {},
                                                                       "f:value": {}}},
                    "f:image": {}, "f:imagePullPolicy": {}, "f:name": {},
                    "f:ports": {".": {}, 'k:{"containerPort":8080,"protocol":"TCP"}': {
                        ".": {}, "f:containerPort": {}, "f:name": {}, "f:protocol": {}}},
                    "f:readinessProbe": {".": {}, "f:httpGet": {".": {}, "f:path": {},
                                                                "f:port": {}, "f:scheme": {}}},
                    "f:resources": {".": {}, "f:limits": {".": {}, "f:memory": {}},
                                    "f:requests": {".": {}, "f:cpu": {}, "f:memory": {}}},
                    "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {},
                }
            },
            "f:dnsPolicy": {}, "f:enableServiceLinks": {}, "f:restartPolicy": {},
            "f:schedulerName": {}, "f:securityContext": {},
            "f:terminationGracePeriodSeconds": {},
        },
    }
    kubelet = {
        "f:status": {
            "f:conditions": {
                'k:{"type":"%s"}' % t: {".": {}, "f:lastProbeTime": {},
                                         "f:lastTransitionTime": {}, "f:status": {},
                                         "f:type": {}}
                for t in ("ContainersReady", "Initialized", "PodReadyToStartContainers",
                          "Ready")
            },
            "f:containerStatuses": {}, "f:hostIP": {}, "f:hostIPs": {}, "f:phase": {},
            "f:podIP": {}, "f:podIPs": {".": {}, 'k:{"ip":"10.0.0.1"}': {".": {}, "f:ip": {}}},
            "f:startTime": {},
        }
    }
    return [
        {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": controller,
         "manager": "kube-controller-manager", "operation": "Update",
         "time": "2026-01-01T00:00:00Z"},
        {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": kubelet,
         "manager": "kubelet", "operation": "Update", "subresource": "status",
         "time": "2026-01-01T00:00:05Z"},
    ]


def pod(i, namespace, app):
    ip = "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
    name = "%s-7d9f8b6c5d-%05d" % (app, i)
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "generateName": "%s-7d9f8b6c5d-" % app,
            "labels": {"app": app, "pod-template-hash": "7d9f8b6c5d"},
            "managedFields": managed_fields(app),
            "name": name,
            "namespace": namespace,
            "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": True,
                                 "controller": True, "kind": "ReplicaSet",
                                 "name": "%s-7d9f8b6c5d" % app,
                                 "uid": "0c4a6e1e-0000-4000-8000-%012d" % i}],
            "resourceVersion": str(100000 + i),
            "uid": "5f1c2d3e-0000-4000-8000-%012d" % i,
        },
        "spec": {
            "containers": [{
                "env": [{"name": "MODE", "value": "production"}],
                "image": "registry.example.com/%s:1.2.3" % app,
                "imagePullPolicy": "IfNotPresent",
                "name": app,
                "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
                "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080,
                                               "scheme": "HTTP"},
                                   "periodSeconds": 10},
                "resources": {"limits": {"memory": "256Mi"},
                              "requests": {"cpu": "100m", "memory": "128Mi"}},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                  "name": "kube-api-access-%05d" % i, "readOnly": True}],
            }],
            "dnsPolicy": "ClusterFirst",
            "enableServiceLinks": True,
            "nodeName": "node-%03d" % (i % 200),
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {},
            "serviceAccountName": "default",
            "terminationGracePeriodSeconds": 30,
            "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready",
                             "operator": "Exists", "tolerationSeconds": 300}],
        },
        "status": {
            "conditions": [{"lastProbeTime": None,
                            "lastTransitionTime": "2026-01-01T00:00:05Z",
                            "status": "True", "type": t}
                           for t in ("PodReadyToStartContainers", "Initialized", "Ready",
                                     "ContainersReady", "PodScheduled")],
            "containerStatuses": [{
                "containerID": "containerd://%064x" % i,
                "image": "registry.example.com/%s:1.2.3" % app,
                "imageID": "registry.example.com/%s@sha256:%064x" % (app, i),
                "lastState": {}, "name": app, "ready": True, "restartCount": 0,
                "started": True,
                "state": {"running": {"startedAt": "2026-01-01T00:00:04Z"}},
            }],
            "hostIP": "192.168.%d.%d" % (i % 200 >> 8, i % 200),
            "phase": "Running",
            "podIP": ip,
            "podIPs": [{"ip": ip}],
            "qosClass": "Burstable",
            "startTime": "2026-01-01T00:00:00Z",
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=20000)
    parser.add_argument("--namespaces", type=int, default=100)
    parser.add_argument("--one-line", action="store_true")
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    items = []
    for n in range(args.namespaces):
        items.append({"apiVersion": "v1", "kind": "Namespace",
                      "metadata": {"name": "ns-%d" % n,
                                   "labels": {"kubernetes.io/metadata.name": "ns-%d" % n}}})
        items.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                      "metadata": {"name": "allow-web", "namespace": "ns-%d" % n},
                      "spec": {"podSelector": {"matchLabels": {"app": "web"}},
                               "ingress": [{"from": [{"podSelector": {"matchLabels":
                                                                      {"app": "api"}}}],
                                            "ports": [{"port": 8080}]}]}})
    apps = ("web", "api", "db", "cache")
    for i in range(args.pods):
        items.append(pod(i, "ns-%d" % (i % args.namespaces), apps[i % len(apps)]))
    dump = {"apiVersion": "v1", "items": items, "kind": "List",
            "metadata": {"resourceVersion": ""}}
    out = sys.stdout if args.out == "-" else open(args.out, "w")
    if args.one_line:
        json.dump(dump, out, separators=(",", ":"))
    else:
        json.dump(dump, out, indent=4)
    out.write("\n")


if __name__ == "__main__":
    main()
