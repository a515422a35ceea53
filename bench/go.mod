module github.com/agentidemp/agentidemp-go/bench

go 1.22

require (
	github.com/agentidemp/agentidemp-go v0.0.0
	github.com/gofrs/uuid/v5 v5.4.0
	github.com/google/uuid v1.6.0
	github.com/gowebpki/jcs v1.0.2
)

replace github.com/agentidemp/agentidemp-go => ../
