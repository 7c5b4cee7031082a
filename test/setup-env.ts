import './harness/userFolder';
