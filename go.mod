module github.com/agentidemp/agentidemp-go

go 1.22
