// Wrapper module that builds etcd (go.etcd.io/etcd/server/v3 v3.6.16) through the Go module proxy
// (engines/install.sh). The server module points its siblings at ../api etc., which a dependency
// cannot use, so each sibling is required here at the same release.
module kaito-aks/engines/etcd

go 1.26.0

require (
	go.etcd.io/etcd/api/v3 v3.6.16
	go.etcd.io/etcd/client/pkg/v3 v3.6.16
	go.etcd.io/etcd/client/v3 v3.6.16
	go.etcd.io/etcd/pkg/v3 v3.6.16
	go.etcd.io/etcd/server/v3 v3.6.16
)
