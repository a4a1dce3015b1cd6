/** Entry point of the build-results tab: connect to the host, then show this build's scan. */
import 'azure-devops-ui/Core/override.css';
import '../src/hub.css';
import './buildTab.css';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { describeError } from '../src/components/common/errors';
import { BuildTab } from './BuildTab';
import { connectBuildTab, notifyFailed, notifyLoaded, watchBuild } from './buildTabHost';

const root = document.getElementById('root');

connectBuildTab().then(
  (services) => {
    ReactDOM.render(<BuildTab services={services} buildIds={watchBuild} onReady={notifyLoaded} />, root);
  },
  (e: unknown) => {
    ReactDOM.render(
      <MessageCard severity={MessageCardSeverity.Error}>{`The Security tab could not start: ${describeError(e)}`}</MessageCard>,
      root,
    );
    notifyFailed(e);
  },
);
