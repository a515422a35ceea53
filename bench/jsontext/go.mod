module github.com/agentidemp/agentidemp-go/bench/jsontext

go 1.26.0

require (
	github.com/agentidemp/agentidemp-go v0.0.0
	github.com/go-json-experiment/json v1.27.2
)

replace github.com/agentidemp/agentidemp-go => ../..
